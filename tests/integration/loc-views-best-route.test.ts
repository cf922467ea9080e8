import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bestRouteApi from "@/app/api/best-route/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { makeResult } from "../helpers/make-result";
import { runCli } from "../helpers/run-cli";
import { addLocation, addLocationRow, nameHub, setOnline } from "../helpers/seed-locations";
import { serveHandlers } from "../helpers/serve-handler";
import { ADMIN_TOKEN, call, startTestService, type TestService } from "../helpers/test-service";

/** From the hub (office) "west" is good and "east" dead; from hk-vps the other way round. */
let test: TestService;
let hkId = 0;
let server: Awaited<ReturnType<typeof serveHandlers>>;
const pairs: Record<string, number> = {};

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
  const hk = (hkId = await addLocation(test.service.store, "hk-vps"));
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
  server = await serveHandlers({ "/api/best-route": bestRouteApi.GET as never });
});

afterAll(async () => {
  await server?.close();
  await test?.stop();
});

describe("GET /api/best-route?location=", () => {
  it("weighs the routes as probed from that location, naming the route by its pair's id", async () => {
    const { status, json } = await call(bestRouteApi.GET, { path: "/x?target=api&location=hk-vps" });
    expect(status).toBe(200);
    expect(json.location).toEqual({ id: expect.any(Number), name: "hk-vps" });
    expect(json.route).toMatchObject({ id: pairs.east, proxyName: "east", proxy: "http://127.0.0.1:9112" });
    expect(json.evidence).toMatchObject({ routeId: pairs.east, state: "up", successRate: 1, probesLastHour: 30 });
    expect(Object.fromEntries(json.candidates.map((c: { proxyName: string; rejected: string | null }) => [c.proxyName, c.rejected]))).toEqual({ east: null, west: "state down" });
  });

  it("without a location, or with the hub's name, weighs the hub's own probes as before", async () => {
    for (const path of ["/x?target=api", "/x?target=api&location=office"]) {
      const { status, json } = await call(bestRouteApi.GET, { path });
      expect(status).toBe(200);
      expect(json.route).toMatchObject({ id: pairs.west, proxyName: "west" });
      expect(json.evidence.probesLastHour).toBe(30);
    }
    expect((await call(bestRouteApi.GET, { path: "/x?target=api" })).json.location).toBeUndefined();
  });

  it("answers 404 naming the known locations for an unknown one, 400 for an empty one", async () => {
    const unknown = await call(bestRouteApi.GET, { path: "/x?target=api&location=mars", token: null });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toEqual({ code: "not_found", message: 'Location "mars" not found; the locations are: office, hk-vps.' });
    const empty = await call(bestRouteApi.GET, { path: "/x?target=api&location=" });
    expect(empty.status).toBe(400);
    expect(empty.json.error.message).toMatch(/location is empty/);
  });

  it("answers 503 for a location whose agent is silent (its results are not current), and the CLI fails", async () => {
    await setOnline(test.service.store, hkId, false);
    try {
      const offline = await call(bestRouteApi.GET, { path: "/x?target=api&location=hk-vps" });
      expect(offline.status).toBe(503);
      expect(offline.json.error.code).toBe("no_healthy_route");
      expect(offline.json.error.message).toContain("location hk-vps offline");
      const run = await runCli(["best-route", "--target", "api", "--location", "hk-vps", "--server", server.url], { PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("location hk-vps offline");
    } finally {
      await setOnline(test.service.store, hkId, true);
    }
  }, 60_000);

  it("proxypulse best-route --location asks for that location", async () => {
    const run = await runCli(["best-route", "--target", "api", "--location", "hk-vps", "--format", "env", "--server", server.url], { PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("export HTTPS_PROXY='http://127.0.0.1:9112'");
    const unknown = await runCli(["best-route", "--target", "api", "--location", "mars", "--server", server.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Location "mars" not found; the locations are: office, hk-vps.');
  }, 60_000);
});
