import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import { currentPairState } from "@/lib/locations/pair-state-change";
import type { RouteState } from "@/lib/monitoring/route-state";
import { addLocation, addLocationRow, setOnline } from "../helpers/seed-locations";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

/**
 * A pair's state now (what the alert engine checks before announcing a
 * lasting degradation) is worked out over its assigned rows, as the route
 * listing does: a pair probed only from an agent's location reads that
 * location's state, not its unassigned hub row's.
 */
let temp: TempDatabase;
let sqlite: Sqlite;
let store: SqliteStore;
let hk: number;
let sg: number;

beforeAll(async () => {
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
  store = new SqliteStore(sqlite);
  const now = Date.now();
  sqlite.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES ('clash', 'direct', 'api', ?, ?)`).run(now, now);
  sqlite.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES ('api', 'https://api.example.test/v1', 'gpt-4o-mini', 'chat', 'api', ?, ?)`).run(now, now);
  hk = addLocation(sqlite, "hk");
  sg = addLocation(sqlite, "sg");
});

afterAll(async () => {
  sqlite?.close();
  await temp?.cleanup();
});

/** A fresh pair: its hub row (in `hub` state, assigned or not) and rows at the given locations in the given states. */
function pair(hub: { state: RouteState; assigned: boolean }, others: Array<[number, RouteState]>): number {
  sqlite.prepare(`DELETE FROM "Route"`).run();
  const pairId = Number(
    sqlite.prepare(`INSERT INTO "Route" (proxyId, targetId, state, assigned, locationId, createdAt) VALUES (1, 1, ?, ?, 1, ?)`).run(hub.state, hub.assigned ? 1 : 0, Date.now()).lastInsertRowid,
  );
  for (const [location, state] of others) sqlite.prepare(`UPDATE "Route" SET state = ? WHERE id = ?`).run(state, addLocationRow(sqlite, pairId, location));
  return pairId;
}

describe("a pair's state now", () => {
  it.each<[string, { state: RouteState; assigned: boolean }, Array<[() => number, RouteState]>, Awaited<ReturnType<typeof currentPairState>>]>([
    ["probed from the hub alone", { state: "degraded", assigned: true }, [], { state: "degraded" }],
    ["probed from one agent's location only (its hub row unassigned)", { state: "unknown", assigned: false }, [[() => hk, "degraded"]], { state: "degraded" }],
    ["probed from nowhere (its hub row unassigned, no other row)", { state: "paused", assigned: false }, [], { state: "paused" }],
    ["probed from the hub and two agents, one down", { state: "up", assigned: true }, [[() => hk, "down"], [() => sg, "up"]], { state: "degraded", locations: { down: ["hk"], total: 3 } }],
    ["probed from two agents only, both down", { state: "unknown", assigned: false }, [[() => hk, "down"], [() => sg, "down"]], { state: "down", locations: { down: ["hk", "sg"], total: 2 } }],
  ])("%s", async (_label, hub, others, expected) => {
    const pairId = pair(hub, others.map(([location, state]) => [location(), state]));
    expect(await currentPairState(store.alerts, pairId, null)).toEqual(expected);
  });

  it("leaves out a location whose agent is offline (its last state is no longer news)", async () => {
    const pairId = pair({ state: "up", assigned: true }, [[hk, "down"], [sg, "up"]]);
    setOnline(sqlite, hk, false);
    try {
      expect(await currentPairState(store.alerts, pairId, null)).toEqual({ state: "up", locations: { down: [], total: 3 } });
      setOnline(sqlite, sg, false);
      expect(await currentPairState(store.alerts, pairId, null)).toEqual({ state: "up", locations: { down: [], total: 3 } });
    } finally {
      setOnline(sqlite, hk, true);
      setOnline(sqlite, sg, true);
    }
    expect(await currentPairState(store.alerts, pairId, null)).toEqual({ state: "degraded", locations: { down: ["hk"], total: 3 } });
  });
});
