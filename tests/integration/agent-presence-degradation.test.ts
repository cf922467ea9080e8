import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { makeResult } from "../helpers/make-result";
import { startReceiver } from "../helpers/receivers";
import { readValue, runSql, sqlTime } from "../helpers/read-rows";
import { addLocation, addLocationRow, nameHub, setOnline } from "../helpers/seed-locations";
import { startTestService, type TestService } from "../helpers/test-service";

// A pair degraded for long enough is announced from its saved state over its
// locations (AlertState "pair:<id>": level and since). A location going
// offline or coming back changes the pair's state without any row's event:
// a pair degraded again when a silent agent returns, still down, must be
// announced once that lasts (it was never: its saved state had moved on
// meanwhile), and an agent flapping on a flaky link must not restart the
// count of a degradation its location has reported all along.

let webhook: Awaited<ReturnType<typeof startReceiver>>;
let test: TestService;
let T = Date.now();
const rows: Record<string, number> = {};
const locations: Record<string, number> = {};
let pairId: number;
let targetId: number;

beforeAll(async () => {
  webhook = await startReceiver();
  test = await startTestService(`
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
  cooldownMinutes: 0
  degradedAfterMinutes: 1440
targets:
  - name: api
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-presence-degradation
proxies:
  - name: clash
    url: direct
notifications:
  - name: hook
    type: webhook
    url: ${webhook.url}/hook
`, { deliveryPolicy: { baseDelayMs: 40, maxAttempts: 3, claimMs: 500 }, deliveryIntervalMs: 3_600_000 });
  const route = test.service.catalog.list()[0]!;
  pairId = route.id;
  targetId = route.targetId;
  await nameHub(test.service.store, "office");
  rows.office = pairId;
  locations.edge = await addLocation(test.service.store, "edge");
  rows.edge = await addLocationRow(test.service.store, pairId, locations.edge);
});

afterAll(async () => {
  await test?.stop();
  await webhook?.close();
});

async function record(location: string, kinds: OutcomeKind[]) {
  for (const kind of kinds) {
    T = Math.max(T + 10, Date.now());
    await test.service.writer.write({ routeId: rows[location]!, targetId, result: makeResult(kind, T) });
  }
  await test.service.deliverNow();
}
const routeEvents = () => webhook.received.map((entry) => entry.json).filter((json) => String(json?.event).startsWith("route."));
async function withDegradedAfter(minutes: number, run: () => Promise<void>) {
  const rules = test.service.config.alerts!;
  rules.degradedAfterMinutes = minutes;
  try {
    await run();
  } finally {
    rules.degradedAfterMinutes = 1440;
  }
}

describe("a pair's lasting degradation across an agent's silence", () => {
  it("is announced when the silent agent comes back still down, even after the pair's saved state moved meanwhile", async () => {
    await record("office", ["ok"]);
    await record("edge", ["ok", "timeout", "timeout"]);
    // edge is down: the pair (2 locations, 1 down) is degraded. Then edge falls silent: the pair is up.
    await setOnline(test.service.store, locations.edge!, false);
    await test.service.deliverNow();
    // A blip at the office while edge is silent: the pair degraded, then up again.
    await record("office", ["timeout", "ok"]);
    // edge is heard again, its row still down: the pair is degraded once more, with no row's event to say so.
    await setOnline(test.service.store, locations.edge!, true);
    const told = routeEvents().length;
    await withDegradedAfter(0, async () => {
      await test.service.deliverNow();
      await test.service.deliverNow();
    });
    expect(routeEvents().slice(told)).toEqual([expect.objectContaining({ event: "route.degraded", route: expect.objectContaining({ id: pairId }), locations: { down: ["edge"], total: 2 } })]);
  });

  it("is announced once it lasts though the degrading location's agent flaps (its flips do not restart the count)", async () => {
    await record("edge", ["ok"]);
    await record("office", ["ok"]);
    await record("edge", ["timeout", "timeout"]);
    const key = `pair:${pairId}`;
    const { store } = test.service;
    expect(await readValue(store, `SELECT level FROM "AlertState" WHERE key = ?`, [key])).toBe("degraded");
    // Degraded for two hours (edge down all along), its agent on a flaky link: silent, heard, silent, heard...
    await runSql(store, `UPDATE "AlertState" SET "lastSentAt" = ? WHERE key = ?`, [sqlTime(Date.now() - 2 * 3_600_000), key]);
    for (let flip = 0; flip < 3; flip++) {
      await setOnline(test.service.store, locations.edge!, false);
      await test.service.deliverNow();
      await setOnline(test.service.store, locations.edge!, true);
      await test.service.deliverNow();
    }
    const told = routeEvents().length;
    await withDegradedAfter(60, async () => {
      await test.service.deliverNow();
    });
    expect(routeEvents().slice(told)).toEqual([expect.objectContaining({ event: "route.degraded", route: expect.objectContaining({ id: pairId }), locations: { down: ["edge"], total: 2 } })]);
  });
});
