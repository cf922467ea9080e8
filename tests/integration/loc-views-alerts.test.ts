import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { makeResult } from "../helpers/make-result";
import { startReceiver } from "../helpers/receivers";
import { readValue } from "../helpers/read-rows";
import { addLocation, addLocationRow, nameHub, setOnline } from "../helpers/seed-locations";
import { startTestService, type TestService } from "../helpers/test-service";

/**
 * Alerts by majority: a pair probed from three locations is announced down
 * when at least minLocations (default: 2 of 3) say so, and up again once
 * fewer do. Results reach the rows at other locations through the same
 * ResultWriter path an agent's batches take.
 */
let webhook: Awaited<ReturnType<typeof startReceiver>>;
let slack: Awaited<ReturnType<typeof startReceiver>>;
let test: TestService;
let T = Date.now();
const rows: Record<string, number> = {};
let pairId: number;
let targetId: number;

beforeAll(async () => {
  webhook = await startReceiver();
  slack = await startReceiver(() => "ok");
  test = await startTestService(`
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
  cooldownMinutes: 0
  degradedAfterMinutes: 1440
publicUrl: https://pulse.example.test
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-locations-test
proxies:
  - name: clash
    url: http://127.0.0.1:9201
notifications:
  - name: hook
    type: webhook
    url: ${webhook.url}/hook
  - name: slack
    type: slack
    url: ${slack.url}/services/T000/B000/XXXX
`, { deliveryPolicy: { baseDelayMs: 40, maxAttempts: 3, claimMs: 500 }, deliveryIntervalMs: 3_600_000 });
  const route = test.service.catalog.list().find((r) => r.proxyName === "clash")!;
  pairId = route.id;
  targetId = route.targetId;
  await nameHub(test.service.store, "office");
  rows.office = pairId;
  rows["hk-vps"] = await addLocationRow(test.service.store, pairId, await addLocation(test.service.store, "hk-vps", "Hong Kong"));
  rows["sg-vps"] = await addLocationRow(test.service.store, pairId, await addLocation(test.service.store, "sg-vps"));
});

afterAll(async () => {
  await test?.stop();
  await webhook?.close();
  await slack?.close();
});

async function record(location: string, kinds: OutcomeKind[]) {
  for (const kind of kinds) {
    T = Math.max(T + 10, Date.now());
    await test.service.writer.write({ routeId: rows[location]!, targetId, result: makeResult(kind, T) });
  }
  await test.service.deliverNow();
}
const routeEvents = () => webhook.received.map((entry) => entry.json).filter((json) => String(json?.event).startsWith("route."));

describe("alerts for a route probed from three locations", () => {
  it("say nothing while one location alone is down (the pair is degraded, not down)", async () => {
    for (const location of ["office", "hk-vps", "sg-vps"]) await record(location, ["ok"]);
    await record("hk-vps", ["proxy_unreachable", "proxy_unreachable"]);
    expect(await readValue(test.service.store, `SELECT state FROM "Route" WHERE id = ?`, [rows["hk-vps"]])).toBe("down");
    expect(routeEvents()).toEqual([]);
  });

  it("announce the route down once two of the three say so, naming them", async () => {
    await record("office", ["timeout", "timeout"]);
    expect(routeEvents()).toHaveLength(1);
    expect(routeEvents()[0]).toMatchObject({
      event: "route.down",
      route: { id: pairId, proxyName: "clash", targetName: "api" },
      state: "down",
      url: `https://pulse.example.test/routes/${pairId}`,
      locations: { down: ["office", "hk-vps"], total: 3 },
    });
    expect(slack.received.at(-1)!.json.text).toContain("down in 2 of 3 locations: office, hk-vps");
  });

  it("say nothing more while it stays down, even when a third location fails", async () => {
    await record("sg-vps", ["timeout", "timeout"]);
    await record("sg-vps", ["ok"]);
    expect(routeEvents()).toHaveLength(1);
  });

  it("announce it up once fewer than two say down, and only once", async () => {
    await record("office", ["ok"]);
    expect(routeEvents()).toHaveLength(2);
    expect(routeEvents()[1]).toMatchObject({ event: "route.up", route: { id: pairId }, previousState: "down", locations: { down: ["hk-vps"], total: 3 } });
    await record("hk-vps", ["ok"]);
    expect(routeEvents()).toHaveLength(2);
  });

  it("follow minLocations: with 1, one location down is the route down", async () => {
    (test.service.config as { minLocations?: number }).minLocations = 1;
    try {
      await record("sg-vps", ["timeout", "timeout"]);
      expect(routeEvents()).toHaveLength(3);
      expect(routeEvents()[2]).toMatchObject({ event: "route.down", locations: { down: ["sg-vps"], total: 3 } });
    } finally {
      (test.service.config as { minLocations?: number }).minLocations = undefined;
    }
  });

  it("announce a pair degraded in some locations for long enough once, as the pair (never a location's row)", async () => {
    await record("sg-vps", ["ok"]);
    await record("hk-vps", ["timeout", "timeout"]);
    const count = routeEvents().length;
    const rules = test.service.config.alerts!;
    rules.degradedAfterMinutes = 0;
    try {
      await test.service.deliverNow();
      await test.service.deliverNow();
    } finally {
      rules.degradedAfterMinutes = 1440;
    }
    const later = routeEvents().slice(count);
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ event: "route.degraded", route: { id: pairId }, locations: { down: ["hk-vps"], total: 3 } });
  });

  it("leave out what a silent agent last said: its 'down' does not make a majority with another (it still counts towards the majority)", async () => {
    const hk = await readValue<number>(test.service.store, `SELECT "locationId" FROM "Route" WHERE id = ?`, [rows["hk-vps"]]);
    await setOnline(test.service.store, hk, false);
    try {
      const count = routeEvents().length;
      // hk-vps still reads down; the office going down is 1 of the 2 a majority of 3 needs.
      await record("office", ["timeout", "timeout"]);
      expect(routeEvents()).toHaveLength(count);
      await record("sg-vps", ["timeout", "timeout"]);
      expect(routeEvents().slice(count)).toEqual([expect.objectContaining({ event: "route.down", locations: { down: ["office", "sg-vps"], total: 3 } })]);
    } finally {
      await setOnline(test.service.store, hk, true);
    }
  });
});
