import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db/store/store";
import { currentPairState } from "@/lib/locations/pair-state-change";
import type { RouteState } from "@/lib/monitoring/route-state";
import { runSql } from "../helpers/read-rows";
import { addLocation, addLocationRow, setOnline } from "../helpers/seed-locations";
import { createTestStore, type TestStore } from "../helpers/test-store";

/**
 * A pair's state now (what the alert engine checks before announcing a
 * lasting degradation) is worked out over its assigned rows, as the route
 * listing does: a pair probed only from an agent's location reads that
 * location's state, not its unassigned hub row's. On SQLite, and on
 * PostgreSQL in the "postgresql" project (vitest.config.ts).
 */
let temp: TestStore;
let store: Store;
let hk: number;
let sg: number;

beforeAll(async () => {
  temp = await createTestStore();
  store = temp.store;
  await temp.prisma.proxy.create({ data: { name: "clash", url: "direct", source: "api" } });
  await temp.prisma.target.create({ data: { name: "api", baseUrl: "https://api.example.test/v1", model: "gpt-4o-mini", probe: "chat", source: "api" } });
  hk = await addLocation(store, "hk");
  sg = await addLocation(store, "sg");
});

afterAll(async () => {
  await temp?.cleanup();
});

/** A fresh pair: its hub row (in `hub` state, assigned or not) and rows at the given locations in the given states. */
async function pair(hub: { state: RouteState; assigned: boolean }, others: Array<[number, RouteState]>): Promise<number> {
  await temp.prisma.route.deleteMany();
  const pairId = (await temp.prisma.route.create({ data: { proxyId: 1, targetId: 1, state: hub.state, assigned: hub.assigned, locationId: 1 } })).id;
  for (const [location, state] of others) await runSql(store, `UPDATE "Route" SET state = ? WHERE id = ?`, [state, await addLocationRow(store, pairId, location)]);
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
    const pairId = await pair(hub, others.map(([location, state]) => [location(), state]));
    expect(await currentPairState(store.alerts, pairId, null)).toEqual(expected);
  });

  it("leaves out a location whose agent is offline (its last state is no longer news)", async () => {
    const pairId = await pair({ state: "up", assigned: true }, [[hk, "down"], [sg, "up"]]);
    await setOnline(store, hk, false);
    try {
      expect(await currentPairState(store.alerts, pairId, null)).toEqual({ state: "up", locations: { down: [], total: 3 } });
      await setOnline(store, sg, false);
      expect(await currentPairState(store.alerts, pairId, null)).toEqual({ state: "up", locations: { down: [], total: 3 } });
    } finally {
      await setOnline(store, hk, true);
      await setOnline(store, sg, true);
    }
    expect(await currentPairState(store.alerts, pairId, null)).toEqual({ state: "degraded", locations: { down: ["hk"], total: 3 } });
  });
});
