import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { markSilentAgentsOffline } from "@/lib/agent/hub/agent-presence";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { addLocation } from "../helpers/seed-locations";

// When a hub process calls an agent offline: after a minute of silence that
// the hub could have heard. While the hub itself is down (an upgrade, a
// crash) no agent can reach it; a hub that starts again must give each agent
// its minute from the start, not announce every agent offline at once (and
// online again a heartbeat later).

const OFFLINE_AFTER = 60_000;
const T = Date.UTC(2026, 10, 30, 10, 0);
let dir: string;
let db: Sqlite;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "proxypulse-presence-"));
  migrateDatabase(join(dir, "pp.db"));
  db = openSqlite(join(dir, "pp.db"));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const outbox = () => db.prepare(`SELECT event FROM "OutboxMessage"`).pluck().all() as string[];

describe("an agent location is offline after a silence the hub could hear", () => {
  it.each<[string, { lastSeenAgo: number; hubUpFor: number }, boolean]>([
    ["heard 2 min ago, the hub up for an hour", { lastSeenAgo: 120_000, hubUpFor: 3_600_000 }, true],
    ["heard 30 s ago, the hub up for an hour", { lastSeenAgo: 30_000, hubUpFor: 3_600_000 }, false],
    ["heard 10 min ago (before the hub went down), the hub up again for 5 s", { lastSeenAgo: 600_000, hubUpFor: 5_000 }, false],
    ["heard 10 min ago, the hub up again for 59 s", { lastSeenAgo: 600_000, hubUpFor: 59_000 }, false],
    ["heard 10 min ago, the hub up again for 61 s (still silent: offline)", { lastSeenAgo: 600_000, hubUpFor: 61_000 }, true],
  ])("%s", (_case, { lastSeenAgo, hubUpFor }, offline) => {
    // A channel, so an announcement has somewhere to go.
    db.prepare(`INSERT INTO "NotificationChannel" (name, type, settingsSecret, enabled, source, createdAt, updatedAt) VALUES ('hook', 'webhook', 'sealed', 1, 'api', ?, ?)`).run(T, T);
    const id = addLocation(db, "edge");
    db.prepare(`UPDATE "Location" SET online = 1, lastSeenAt = ? WHERE id = ?`).run(T - lastSeenAgo, id);
    const marked = markSilentAgentsOffline(db, T, null, { offlineAfterMs: OFFLINE_AFTER, listeningSince: T - hubUpFor });
    expect(marked).toBe(offline ? 1 : 0);
    expect(db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(id)).toBe(offline ? 0 : 1);
    expect(outbox()).toEqual(offline ? ["agent.offline"] : []);
  });
});
