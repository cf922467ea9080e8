import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

/**
 * The alert pass's transaction on SQLite shares the process's one connection
 * with every other writer: all of it or nothing, and nobody else's writes
 * inside it (it refuses to commit a pass that let the event loop turn).
 */
let temp: TempDatabase;
let sqlite: Sqlite;
let store: SqliteStore;

beforeEach(async () => {
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
  store = new SqliteStore(sqlite);
  sqlite.prepare(`INSERT INTO "NotificationChannel" (name, type, settingsSecret, enabled, source, createdAt, updatedAt) VALUES ('hook', 'webhook', 'sealed', 1, 'api', 0, 0)`).run();
});

afterEach(async () => {
  await store.close();
  await temp.cleanup();
});

const state = { level: "down", lastSentAt: 1000, suppressed: 0 };
const message = { eventKey: "route:1:1000:down", event: "route.down", payloadJson: "{}", now: 1000 };
const stored = () => ({
  states: sqlite.prepare(`SELECT COUNT(*) FROM "AlertState"`).pluck().get(),
  messages: sqlite.prepare(`SELECT COUNT(*) FROM "OutboxMessage"`).pluck().get(),
});

describe("the alert store's transaction on SQLite", () => {
  it("keeps every write of a pass that ends", async () => {
    await store.alerts.transaction(async ({ alerts, outbox }) => {
      await alerts.saveState("route:1", state);
      await outbox.enqueue(message);
    });
    expect(stored()).toEqual({ states: 1, messages: 1 });
  });

  it.each<[string, () => Promise<void>]>([
    ["throws half-way", () => Promise.reject(new Error("half-way"))],
    ["awaits something other than its store (a timer)", () => new Promise((resolve) => setTimeout(resolve, 1))],
    ["awaits something other than its store (a turn of the event loop)", () => new Promise((resolve) => setImmediate(resolve))],
  ])("keeps nothing of a pass that %s", async (_case, between) => {
    await expect(
      store.alerts.transaction(async ({ alerts, outbox }) => {
        await alerts.saveState("route:1", state);
        await between();
        await outbox.enqueue(message);
      }),
    ).rejects.toThrow();
    expect(stored()).toEqual({ states: 0, messages: 0 });
    expect(sqlite.inTransaction).toBe(false);
  });

  it("does not start while the caller's own work is half-way (it waits for the turn to end)", async () => {
    // A writer that goes on right after starting the pass: its write is not the pass's (kept though the pass fails).
    const pass = store.alerts.transaction(async () => {
      throw new Error("the pass fails");
    });
    sqlite.prepare(`INSERT INTO "AlertState" (key, lastSentAt, suppressed, level) VALUES ('quota:1', NULL, 0, 'ok')`).run();
    await expect(pass).rejects.toThrow("the pass fails");
    expect(stored()).toEqual({ states: 1, messages: 0 });
  });
});
