import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bestRouteApi from "@/app/api/best-route/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { makeResult } from "../helpers/make-result";
import { addLocation, addLocationRow, nameHub, setOnline } from "../helpers/seed-locations";
import { call, startTestService, type TestService } from "../helpers/test-service";

// GET /api/best-route?location= answers which route to use from a location
// now. From a location whose agent has gone silent the hub knows nothing of
// now: its rows keep what the agent last said ("up", with up to an hour of
// good probes), and recommending a route on that is recommending on stale
// facts. The answer says the location is offline instead (503, each
// candidate rejected with why), and the hub's own view is unaffected.

/** From the hub (office) "west" is good and "east" dead; from hk-vps the other way round. */
let test: TestService;
const pairs: Record<string, number> = {};
let hkId: number;

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-best-route-test
proxies:
  - name: west
    url: http://127.0.0.1:9111
  - name: east
    url: http://127.0.0.1:9112
`);
  await nameHub(test.service.store, "office");
  const hk = await addLocation(test.service.store, "hk-vps");
  hkId = hk;
  const now = Date.now();
  const batch: ResultToRecord[] = [];
  for (const route of test.service.catalog.list()) {
    pairs[route.proxyName] = route.id;
    const remote = await addLocationRow(test.service.store, route.id, hk);
    for (let minute = 30; minute >= 1; minute--) {
      const at = now - minute * 60_000;
      const hubKind: OutcomeKind = route.proxyName === "west" ? "ok" : "proxy_unreachable";
      const hkKind: OutcomeKind = route.proxyName === "east" ? "ok" : "timeout";
      batch.push({ routeId: route.id, targetId: route.targetId, result: makeResult(hubKind, at, 200) });
      batch.push({ routeId: remote, targetId: route.targetId, result: makeResult(hkKind, at, 300) });
    }
  }
  await test.service.store.results.record(batch, { downAfterFailures: 3, upAfterSuccesses: 2 }, Date.now());
  await test.service.store.summaries.refreshWritten([...new Set(batch.map((item) => item.routeId))], now);
});

afterAll(async () => {
  await test?.stop();
});

describe("GET /api/best-route from a location whose agent is offline", () => {
  it("recommends nothing on the stale facts, saying the location is offline; the hub's own answer is unchanged", async () => {
    await setOnline(test.service.store, hkId, false);
    try {
      for (const token of [null, undefined]) {
        const { status, json } = await call(bestRouteApi.GET, { path: "/x?target=api&location=hk-vps", token });
        expect(status).toBe(503);
        expect(json.error.code).toBe("no_healthy_route");
        expect(json.error.message).toMatch(/hk-vps.*offline/);
        expect(Object.fromEntries(json.error.details.map((c: { proxyName: string; rejected: string | null }) => [c.proxyName, c.rejected]))).toEqual({
          east: expect.stringMatching(/offline/),
          west: expect.stringMatching(/offline/),
        });
      }
      const hub = await call(bestRouteApi.GET, { path: "/x?target=api" });
      expect(hub.status).toBe(200);
      expect(hub.json.route).toMatchObject({ id: pairs.west, proxyName: "west" });
    } finally {
      await setOnline(test.service.store, hkId, true);
    }
    expect((await call(bestRouteApi.GET, { path: "/x?target=api&location=hk-vps" })).json.route).toMatchObject({ id: pairs.east });
  });
});
