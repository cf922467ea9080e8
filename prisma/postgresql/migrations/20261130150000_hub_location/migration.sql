-- The hub itself, as SQLite's 20261130084901_locations inserts it: every
-- route is probed from here unless it belongs to an agent's location.
INSERT INTO "Location" ("id", "name", "kind", "source", "createdAt", "updatedAt")
VALUES (1, 'local', 'local', 'builtin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
ON CONFLICT ("id") DO NOTHING;

-- Later locations are numbered after it.
SELECT setval(pg_get_serial_sequence('"Location"', 'id'), GREATEST((SELECT MAX("id") FROM "Location"), 1));
