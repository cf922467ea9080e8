import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { markAgentSeen, markSilentAgentsOffline } from "@/lib/agent/hub/agent-presence";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import * as heartbeat from "@/app/api/agent/heartbeat/route";
import * as results from "@/app/api/agent/results/route";
import { hashAgentToken, newAgentToken } from "@/lib/locations/agent-token";
import { startMonitorService } from "@/lib/monitoring/monitor-service";
import { waitFor } from "../helpers/agent-testbed";
import { childEnv } from "../helpers/child-env";
import { addLocation } from "../helpers/seed-locations";
import { ADMIN_TOKEN, call } from "../helpers/test-service";

// An agent on a flaky link is heard, falls silent for a minute, is heard
// again... Each flip was announced on every channel (PagerDuty pages
// "agent.offline" as an error): a link that drops every other minute paged
// ~1,400 times a day. Presence is now told as route states are: an offline
// is folded within the cooldown of the last offline told, an online is news
// only as the first connection or the recovery of a told offline, and once
// the cooldown is over the location is announced where it ended (if that is
// not what was last told), with how often it flapped.

const OFFLINE_AFTER = 60_000;
const COOLDOWN = 10 * 60_000;
const T = Date.UTC(2026, 10, 30, 10, 0);
let dir: string;
let db: Sqlite;
let store: SqliteStore;
let id: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "proxypulse-flapping-"));
  migrateDatabase(join(dir, "pp.db"));
  db = openSqlite(join(dir, "pp.db"));
  store = new SqliteStore(db);
  db.prepare(`INSERT INTO "NotificationChannel" (name, type, settingsSecret, enabled, source, createdAt, updatedAt) VALUES ('hook', 'webhook', 'sealed', 1, 'api', ?, ?)`).run(T, T);
  id = await addLocation(store, "flaky", null, false);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const where = () => ({ id, name: "flaky", region: null });
const outbox = () => (db.prepare(`SELECT payload FROM "OutboxMessage" ORDER BY id`).pluck().all() as string[]).map((payload) => JSON.parse(payload) as { event: string; flaps: number });
const rule = (cooldownMs: number) => ({ offlineAfterMs: OFFLINE_AFTER, listeningSince: T - 3_600_000, cooldownMs });

/** Heard at `at`, silent for `OFFLINE_AFTER` + 1 s (marked offline by the presence timer), `times` over; returns when it ended. */
async function flap(start: number, times: number, cooldownMs: number): Promise<number> {
  let at = start;
  for (let i = 0; i < times; i++) {
    await markAgentSeen(store, where(), at, null, cooldownMs);
    at += OFFLINE_AFTER + 1000;
    await markSilentAgentsOffline(store, at, null, rule(cooldownMs));
    at += 1000;
  }
  return at;
}

describe("an agent's presence flapping", () => {
  it("is announced offline and back once within the cooldown, however often it flips", async () => {
    await flap(T, 5, COOLDOWN);
    expect(outbox().map((message) => message.event)).toEqual(["agent.online", "agent.offline", "agent.online"]);
  });

  it.each<[string, boolean, string[]]>([
    ["ends offline (last told online): once the cooldown is over, announced offline with the flips folded", false, ["agent.online", "agent.offline", "agent.online", "agent.offline"]],
    ["ends online, as last told: nothing more to say", true, ["agent.online", "agent.offline", "agent.online"]],
  ])("%s", async (_case, endOnline, events) => {
    let at = await flap(T, 5, COOLDOWN);
    if (endOnline) await markAgentSeen(store, where(), at, null, COOLDOWN);
    // Past the cooldown after the last message, still in that presence (heard again meanwhile if online).
    at = T + COOLDOWN + 120_000;
    if (endOnline) await markAgentSeen(store, where(), at - 2000, null, COOLDOWN);
    await markSilentAgentsOffline(store, at, null, rule(COOLDOWN));
    await markSilentAgentsOffline(store, at + 1000, null, rule(COOLDOWN));
    const messages = outbox();
    expect(messages.map((message) => message.event)).toEqual(events);
    if (!endOnline) expect(messages.at(-1)!.flaps).toBeGreaterThan(0);
  });

  it("with no cooldown, every flip is announced", async () => {
    await flap(T, 3, 0);
    expect(outbox().map((message) => message.event)).toEqual(["agent.online", "agent.offline", "agent.online", "agent.offline", "agent.online", "agent.offline"]);
  });

  it("a presence that holds past the cooldown is announced at once when it flips", async () => {
    await markAgentSeen(store, where(), T, null, COOLDOWN);
    await markSilentAgentsOffline(store, T + COOLDOWN + OFFLINE_AFTER, null, rule(COOLDOWN));
    expect(outbox().map((message) => message.event)).toEqual(["agent.online", "agent.offline"]);
  });
});

describe("a hub process folding a flaky agent's presence by its alert rules' cooldown", () => {
  it("announces the agent offline and back once, though its heartbeats and batches bring it back after each silence", async () => {
    const path = join(dir, "pp.db");
    writeFileSync(join(dir, "proxypulse.yaml"), "alerts:\n  cooldownMinutes: 10\nnotifications:\n  - name: hook2\n    type: webhook\n    url: http://127.0.0.1:9/hook\n");
    const token = newAgentToken();
    // The file's channel stands in for the one the other tests insert sealed (no key for it here).
    db.prepare(`DELETE FROM "NotificationChannel"`).run();
    db.prepare(`UPDATE "Location" SET tokenHash = ? WHERE id = ?`).run(hashAgentToken(token), id);
    const service = await startMonitorService({
      environment: childEnv({ DATABASE_URL: `file:${path}`, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
      runScheduler: false,
      cwd: dir,
      agentOfflineAfterMs: 300,
      deliveryIntervalMs: 3_600_000,
    });
    (globalThis as { proxypulseMonitor?: Promise<typeof service> }).proxypulseMonitor = Promise.resolve(service);
    const online = () => db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(id);
    try {
      for (let i = 0; i < 3; i++) {
        const beat = await call(heartbeat.POST, { method: "POST", path: "/api/agent/heartbeat", body: { version: "flaky", sentAt: new Date().toISOString(), spooled: 0, dropped: 0 }, token });
        expect(beat.status).toBe(200);
        const batch = await call(results.POST, { method: "POST", path: "/api/agent/results", body: { streamId: "flaky-stream", results: [] }, token });
        expect(batch.status).toBe(200);
        await waitFor(() => online() === 0, 20_000, "the silent agent marked offline");
      }
      expect(outbox().map((message) => message.event)).toEqual(["agent.online", "agent.offline", "agent.online"]);
    } finally {
      delete (globalThis as { proxypulseMonitor?: unknown }).proxypulseMonitor;
      await service.stop(1000);
    }
  }, 60_000);
});
