import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { markSilentAgentsOffline } from "@/lib/agent/hub/agent-presence";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import { startMonitorService } from "@/lib/monitoring/monitor-service";
import { waitFor } from "../helpers/agent-testbed";
import { childEnv } from "../helpers/child-env";
import { addLocation } from "../helpers/seed-locations";
import { ADMIN_TOKEN } from "../helpers/test-service";

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
  ])("%s", async (_case, { lastSeenAgo, hubUpFor }, offline) => {
    // A channel, so an announcement has somewhere to go.
    db.prepare(`INSERT INTO "NotificationChannel" (name, type, settingsSecret, enabled, source, createdAt, updatedAt) VALUES ('hook', 'webhook', 'sealed', 1, 'api', ?, ?)`).run(T, T);
    const id = await addLocation(new SqliteStore(db), "edge");
    db.prepare(`UPDATE "Location" SET online = 1, lastSeenAt = ? WHERE id = ?`).run(T - lastSeenAgo, id);
    const marked = await markSilentAgentsOffline(new SqliteStore(db), T, null, { offlineAfterMs: OFFLINE_AFTER, listeningSince: T - hubUpFor });
    expect(marked).toBe(offline ? 1 : 0);
    expect(db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(id)).toBe(offline ? 0 : 1);
    expect(outbox()).toEqual(offline ? ["agent.offline"] : []);
  });
});

describe("an agent location's offline that cannot be announced", () => {
  // The flip and its announcement are one transaction: a look that fails
  // half-way leaves the location online, and the next look announces it
  // (before, the flip stayed and the announcement was lost for good).
  it.each([
    ["the outbox cannot be written", "OutboxMessage"],
    ["the channels cannot be read", "NotificationChannel"],
  ])("is announced at the next look when %s", async (_case, table) => {
    db.prepare(`INSERT INTO "NotificationChannel" (name, type, settingsSecret, enabled, source, createdAt, updatedAt) VALUES ('hook', 'webhook', 'sealed', 1, 'api', ?, ?)`).run(T, T);
    const id = await addLocation(new SqliteStore(db), "edge");
    db.prepare(`UPDATE "Location" SET online = 1, lastSeenAt = ? WHERE id = ?`).run(T - 120_000, id);
    const store = new SqliteStore(db);
    const rule = { offlineAfterMs: OFFLINE_AFTER, listeningSince: T - 3_600_000 };
    db.exec(`ALTER TABLE "${table}" RENAME TO "${table}_away"`);
    try {
      await expect(markSilentAgentsOffline(store, T, null, rule)).rejects.toThrow(/no such table/);
    } finally {
      db.exec(`ALTER TABLE "${table}_away" RENAME TO "${table}"`);
    }
    expect(db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(id)).toBe(1);
    expect(await markSilentAgentsOffline(store, T + 1000, null, rule)).toBe(1);
    expect(db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(id)).toBe(0);
    expect(outbox()).toEqual(["agent.offline"]);
  });
});

describe("a hub process started again after an outage", () => {
  it("gives an agent last heard before the outage its whole silence from the hub's start before announcing it offline", async () => {
    const offlineAfterMs = 4000;
    const path = join(dir, "pp.db");
    writeFileSync(join(dir, "proxypulse.yaml"), "notifications:\n  - name: hook\n    type: webhook\n    url: http://127.0.0.1:9/hook\n");
    // Heard 10 minutes ago, just before the hub went down; never heard again (it died too).
    const id = await addLocation(new SqliteStore(db), "edge");
    db.prepare(`UPDATE "Location" SET online = 1, lastSeenAt = ? WHERE id = ?`).run(Date.now() - 600_000, id);
    const startedAt = Date.now();
    const service = await startMonitorService({
      environment: childEnv({ DATABASE_URL: `file:${path}`, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
      runScheduler: false,
      cwd: dir,
      agentOfflineAfterMs: offlineAfterMs,
      // Queued only: nothing is sent anywhere.
      deliveryIntervalMs: 3_600_000,
    });
    try {
      await waitFor(() => db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(id) === 0, 20_000, "the location marked offline");
      const [payload] = db.prepare(`SELECT payload FROM "OutboxMessage" WHERE event = 'agent.offline'`).pluck().all() as string[];
      // Announced once the hub had listened for the whole silence, not at its first look.
      expect(Date.parse(JSON.parse(payload!).at)).toBeGreaterThanOrEqual(startedAt + offlineAfterMs);
    } finally {
      await service.stop(1000);
    }
  }, 30_000);
});
