import type { Sqlite } from "@/lib/db/sqlite";

/**
 * Locations and route rows at them straight into the tables, as the hub's
 * sync would make them (for tests of what is shown and announced, which do
 * not depend on how the rows came to be).
 */
export function addLocation(db: Sqlite, name: string, region: string | null = null, online = true): number {
  const now = Date.now();
  return Number(
    db.prepare(`INSERT INTO "Location" (name, region, kind, source, online, createdAt, updatedAt) VALUES (?, ?, 'agent', 'api', ?, ?, ?)`).run(name, region, online ? 1 : 0, now, now).lastInsertRowid,
  );
}

/** An agent's location heard from, or gone silent (as the hub's presence timer marks it). */
export function setOnline(db: Sqlite, locationId: number, online: boolean): void {
  db.prepare(`UPDATE "Location" SET online = ? WHERE id = ?`).run(online ? 1 : 0, locationId);
}

/** Renames the hub's own location (id 1). */
export function nameHub(db: Sqlite, name: string, region: string | null = null): void {
  db.prepare(`UPDATE "Location" SET name = ?, region = ? WHERE id = 1`).run(name, region);
}

/** The pair's row at a location (assigned), made from its row at the hub; returns its id. */
export function addLocationRow(db: Sqlite, pairId: number, locationId: number): number {
  return Number(
    db
      .prepare(`INSERT INTO "Route" (proxyId, targetId, enabled, state, okStreak, failStreak, createdAt, locationId, assigned) SELECT proxyId, targetId, 1, 'unknown', 0, 0, ?, ?, 1 FROM "Route" WHERE id = ?`)
      .run(Date.now(), locationId, pairId).lastInsertRowid,
  );
}
