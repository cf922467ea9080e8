import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as routeApi from "@/app/api/routes/[id]/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import { getHealthAtAGlance } from "@/lib/dashboard/summarize-health";
import type { RouteListing } from "@/lib/db/store/route-store";
import { getPublicStatus } from "@/lib/status/get-public-status";
import { findBestRoute } from "@/lib/monitoring/find-best-route";
import { startFakeOpenAI, type FakeOpenAI, type Scenario } from "@/lib/simulator/simulated-api";
import { readRow, readRows, readValue } from "../helpers/read-rows";
import { startReceiver } from "../helpers/receivers";
import { call, startTestService, type TestService } from "../helpers/test-service";

/*
 * Pause and resume, per-route intervals and latency thresholds, through the
 * real service: a real database (SQLite, and PostgreSQL in the "postgresql"
 * project), a simulated API on loopback (whose answers and
 * delay the tests switch), the real scheduler where scheduling is the point.
 */

let api: FakeOpenAI;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let scenario: Scenario = "ok";
let delayMs = 0;
let test: TestService | null = null;

beforeAll(async () => {
  api = await startFakeOpenAI({ episode: () => scenario, delayMs: () => delayMs });
  receiver = await startReceiver();
});

afterEach(async () => {
  await test?.stop();
  test = null;
  scenario = "ok";
  delayMs = 0;
  receiver.received.length = 0;
});

afterAll(async () => {
  await receiver?.close();
  await api?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (the scheduler works in real time), failing with what it saw. */
async function waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean, limitMs = 30_000): Promise<T> {
  const until = Date.now() + limitMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > until) throw new Error(`gave up waiting; last seen ${JSON.stringify(value)}`);
    await sleep(100);
    value = await read();
  }
  return value;
}

/** `degradedAfterMinutes` 0 announces a degradation at the next tick; the pausing tests keep it out of the way. */
function yaml(extra = "", targetExtra = "", degradedAfterMinutes = 0) {
  return `
intervalSeconds: 60
timeoutMs: 3000
probeNowCooldownSeconds: 0
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
  cooldownMinutes: 0
  degradedAfterMinutes: ${degradedAfterMinutes}
targets:
  - name: main
    baseUrl: ${api.origin}/episode/v1
    apiKey: ${api.apiKey}
    probe: models
${targetExtra}
proxies:
  - name: direct
    url: direct
  - name: other
    url: direct
notifications:
  - name: hook
    type: webhook
    url: ${receiver.url}/hook
${extra}`;
}

const route = async (proxyName: string): Promise<RouteListing> => (await test!.service.store.routes.list()).find((r) => r.proxyName === proxyName)!;
const resultCount = (routeId: number) => readValue<number>(test!.service.store, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE "routeId" = ?`, [routeId]);
const openIncidents = (routeId: number) => readValue<number>(test!.service.store, `SELECT COUNT(*) AS n FROM "Incident" WHERE "routeId" = ? AND "endedAt" IS NULL`, [routeId]);
const events = () => receiver.received.map((entry) => `${entry.json.event} ${entry.json.route?.proxyName ?? ""}`.trim());

async function patch(handler: typeof routeApi.PATCH, id: number, body: unknown) {
  return call(handler, { method: "PATCH", params: { id: String(id) }, body });
}

async function probe(routeId: number, times = 1) {
  for (let i = 0; i < times; i++) await test!.service.probeNow([routeId]);
  await test!.service.writer.flush();
}

describe("scheduling", () => {
  it("probes a route at its own interval, stops on pause (of the route or its proxy), and starts again on resume", async () => {
    test = await startTestService(yaml(), { runScheduler: true });
    const fast = await route("direct");
    const slow = await route("other");
    expect((await patch(routeApi.PATCH, fast.id, { intervalSeconds: 5 })).json.route.overrides.intervalSeconds).toBe(5);
    // The 5 s route is probed again and again while the other (60 s) is probed once at most.
    await waitFor(() => resultCount(fast.id), (n) => n >= 3, 40_000);
    expect(await resultCount(slow.id)).toBeLessThanOrEqual(1);

    const paused = await patch(routeApi.PATCH, fast.id, { enabled: false });
    expect(paused.status).toBe(200);
    expect(paused.json.route).toMatchObject({ enabled: false, state: "paused", pausedBy: ["route"] });
    expect(test.service.catalog.get(fast.id)!.enabled).toBe(false);
    await sleep(300); // a probe already running when paused may still land
    const whilePaused = await resultCount(fast.id);
    await sleep(7_000); // more than one interval of the route
    expect(await resultCount(fast.id)).toBe(whilePaused);

    const resumed = await patch(routeApi.PATCH, fast.id, { enabled: true });
    expect(resumed.json.route).toMatchObject({ enabled: true, state: "unknown", pausedBy: [] });
    await waitFor(() => resultCount(fast.id), (n) => n > whilePaused, 15_000);
    // History survives the pause: the results from before are all there.
    expect(await resultCount(fast.id)).toBeGreaterThan(whilePaused);

    // Pausing its proxy pauses the route too, and says so.
    const proxyPaused = await patch(proxyApi.PATCH, fast.proxyId, { enabled: false });
    expect(proxyPaused.status).toBe(200);
    expect(proxyPaused.json.proxy.enabled).toBe(false);
    expect(await route("direct")).toMatchObject({ enabled: true, state: "paused", pausedBy: ["proxy"] });
    expect(test.service.catalog.get(fast.id)!.enabled).toBe(false);
    await sleep(300);
    const whileProxyPaused = await resultCount(fast.id);
    await sleep(7_000);
    expect(await resultCount(fast.id)).toBe(whileProxyPaused);
    await patch(proxyApi.PATCH, fast.proxyId, { enabled: true });
    expect((await route("direct")).state).toBe("unknown");
    await waitFor(() => resultCount(fast.id), (n) => n > whileProxyPaused, 15_000);
  }, 120_000);
});

describe("pausing", () => {
  it("a paused route raises no down alert, probe now still works on it, and resuming announces no recovery", async () => {
    test = await startTestService(yaml("", "", 60));
    const r = await route("direct");
    scenario = "server-error";
    await probe(r.id, 2);
    await test.service.deliverNow();
    expect((await route("direct")).state).toBe("down");
    expect(events()).toEqual(["route.down direct"]);
    expect(await openIncidents(r.id)).toBe(1);

    await patch(routeApi.PATCH, r.id, { enabled: false });
    // Paused: its open incident closes, it is shown as paused (not down) and never the best route.
    expect(await openIncidents(r.id)).toBe(0);
    const status = await getPublicStatus(test.service.store);
    expect(status.routes.find((x) => x.id === r.id)!.state).toBe("paused");
    expect((await findBestRoute(test.service.store, "main", 0)).candidates.find((c) => c.routeId === r.id)!.rejected).toMatch(/paused/);

    // Probe now on a paused route is stored; the state stays paused, nothing is announced.
    await probe(r.id, 3);
    expect(await resultCount(r.id)).toBe(5);
    expect((await route("direct")).state).toBe("paused");

    scenario = "ok";
    await patch(routeApi.PATCH, r.id, { enabled: true });
    await probe(r.id, 2);
    await test.service.deliverNow();
    expect((await route("direct")).state).toBe("up");
    expect(events()).toEqual(["route.down direct"]);

    // After the resume it is watched again: a new outage is announced.
    scenario = "server-error";
    await probe(r.id, 2);
    await test.service.deliverNow();
    expect(events()).toEqual(["route.down direct", "route.down direct"]);
  }, 60_000);

  it("the file's enabled: false pauses its proxy's routes; the dashboard cannot resume it but can pause the file's target", async () => {
    test = await startTestService(yaml().replace("  - name: other\n    url: direct", "  - name: other\n    url: direct\n    enabled: false"));
    expect(await route("other")).toMatchObject({ state: "paused", pausedBy: ["proxy_file"] });
    expect((await route("direct")).state).toBe("unknown");
    const other = await route("other");
    const refused = await patch(proxyApi.PATCH, other.proxyId, { enabled: true });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "paused_in_file", message: expect.stringContaining("proxypulse.yaml") });
    // Other fields of the file's objects stay the file's.
    expect((await patch(proxyApi.PATCH, other.proxyId, { enabled: false, publicHost: true })).status).toBe(403);
    expect((await patch(targetApi.PATCH, other.targetId, { latencyThresholdMs: 100 })).json.error.code).toBe("managed_by_file");

    const paused = await patch(targetApi.PATCH, other.targetId, { enabled: false });
    expect(paused.status).toBe(200);
    expect(paused.json.target).toMatchObject({ enabled: false, pausedInFile: false });
    expect(await route("direct")).toMatchObject({ state: "paused", pausedBy: ["target"] });
    expect((await route("other")).pausedBy).toEqual(["proxy_file", "target"]);
    expect(test.service.catalog.list().filter((r) => r.enabled)).toEqual([]);
    // Probe all (no route given) leaves paused routes alone.
    expect(await test.service.probeNow()).toEqual([]);
  });
});

describe("latency thresholds", () => {
  it("a slow upstream makes the route degraded (announced, with the kind slow), and fast answers bring it back up", async () => {
    test = await startTestService(yaml("", "    latencyThresholdMs: 600\n    latencyWindow: 3"));
    const r = await route("direct");
    expect(r.latency).toEqual({ thresholdMs: 600, window: 3 });
    await probe(r.id, 2);
    expect((await route("direct")).state).toBe("up");

    delayMs = 1500;
    await probe(r.id);
    expect((await route("direct")).state).toBe("degraded");
    const event = await readRow<Record<string, string>>(test.service.store, `SELECT "fromState", "toState", kind, message FROM "RouteEvent" WHERE "routeId" = ? ORDER BY id DESC LIMIT 1`, [r.id]);
    expect(event).toMatchObject({ fromState: "up", toState: "degraded", kind: "slow", message: expect.stringMatching(/^p95 \d+ ms over the last 3 successful probes is above the 600 ms threshold$/) });
    await test.service.deliverNow();
    expect(receiver.received.map((entry) => entry.json)).toEqual([
      expect.objectContaining({ event: "route.degraded", kind: "slow", state: "degraded", hint: expect.objectContaining({ en: expect.stringContaining("latency threshold") }) }),
    ]);

    // The slow probe stays in the window of 3 until three fast ones push it out.
    delayMs = 0;
    await probe(r.id, 2);
    expect((await route("direct")).state).toBe("degraded");
    await probe(r.id);
    const fastTimes = (await readRows<{ totalMs: number }>(test.service.store, `SELECT "totalMsX100" / 100.0 AS "totalMs" FROM "ProbeResult" WHERE "routeId" = ? ORDER BY at DESC LIMIT 3`, [r.id])).map((row) => row.totalMs);
    expect(fastTimes.every((ms) => ms < 600), `fast probes took ${fastTimes.join(", ")} ms`).toBe(true);
    expect((await route("direct")).state).toBe("up");
    await test.service.deliverNow();
    expect(events()).toEqual(["route.degraded direct", "route.up direct"]);
  }, 60_000);

  it("a route's own threshold overrides its target's, and clearing it falls back", async () => {
    test = await startTestService(yaml("", "    latencyThresholdMs: 100000"));
    const r = await route("direct");
    delayMs = 300;
    await probe(r.id);
    expect((await route("direct")).state).toBe("up");
    const set = await patch(routeApi.PATCH, r.id, { latencyThresholdMs: 100, latencyWindow: 1 });
    expect(set.json.route.latency).toEqual({ thresholdMs: 100, window: 1 });
    await probe(r.id);
    expect((await route("direct")).state).toBe("degraded");
    const cleared = await patch(routeApi.PATCH, r.id, { latencyThresholdMs: null, latencyWindow: null });
    expect(cleared.json.route.latency).toEqual({ thresholdMs: 100000, window: 20 });
    await probe(r.id);
    expect((await route("direct")).state).toBe("up");
  }, 60_000);
});

describe("a target made in the dashboard", () => {
  it("takes a latency threshold and window (bounded like the file's), and can be created paused", async () => {
    test = await startTestService(yaml());
    const created = await call(targetsApi.POST, { method: "POST", body: { name: "ui", baseUrl: `${api.origin}/episode/v1`, apiKey: api.apiKey, probe: "models", latencyThresholdMs: 800, latencyWindow: 5, enabled: false } });
    expect(created.status).toBe(201);
    expect(created.json.target).toMatchObject({ latencyThresholdMs: 800, latencyWindow: 5, enabled: false, pausedInFile: false });
    const uiRoutes = (await test.service.store.routes.list()).filter((r) => r.targetName === "ui");
    expect(uiRoutes.map((r) => [r.state, r.pausedBy, r.latency])).toEqual([
      ["paused", ["target"], { thresholdMs: 800, window: 5 }],
      ["paused", ["target"], { thresholdMs: 800, window: 5 }],
    ]);
    for (const body of [{ latencyThresholdMs: 0 }, { latencyThresholdMs: 600_001 }, { latencyWindow: 0 }, { latencyWindow: 2.5 }, { enabled: "yes" }]) {
      const refused = await patch(targetApi.PATCH, created.json.target.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.code).toBe("invalid_input");
    }
    const resumed = await patch(targetApi.PATCH, created.json.target.id, { enabled: true, latencyThresholdMs: null });
    expect(resumed.json.target).toMatchObject({ enabled: true, latencyThresholdMs: null, latencyWindow: 5 });
    expect((await test.service.store.routes.list()).filter((r) => r.targetName === "ui").map((r) => r.state)).toEqual(["unknown", "unknown"]);
  });
});

describe("PATCH /api/routes/:id", () => {
  it.each([
    [{}, "at least one"],
    [{ enabled: "no" }, "enabled"],
    [{ intervalSeconds: 4 }, "intervalSeconds"],
    [{ intervalSeconds: 86_401 }, "intervalSeconds"],
    [{ intervalSeconds: 7.5 }, "intervalSeconds"],
    [{ latencyThresholdMs: 0 }, "latencyThresholdMs"],
    [{ latencyThresholdMs: "500" }, "latencyThresholdMs"],
    [{ latencyWindow: 1001 }, "latencyWindow"],
    [{ state: "up" }, "state"],
  ])("refuses %j with a 400 that names the problem, changing nothing", async (body, words) => {
    test ??= await startTestService(yaml());
    const r = await route("direct");
    const response = await patch(routeApi.PATCH, r.id, body);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("invalid_input");
    expect(JSON.stringify(response.json.error)).toContain(words);
    expect(await route("direct")).toMatchObject({ enabled: true, overrides: { intervalSeconds: null, latencyThresholdMs: null, latencyWindow: null } });
  });

  it("answers 404 for a route that does not exist", async () => {
    test = await startTestService(yaml());
    expect((await patch(routeApi.PATCH, 999_999, { enabled: false })).status).toBe(404);
  });
});

describe("health at a glance", () => {
  it("counts each proxy's and target's routes by state, with the median p50 and the last failure", async () => {
    test = await startTestService(yaml());
    const direct = await route("direct");
    const other = await route("other");
    await probe(direct.id);
    scenario = "server-error";
    await probe(other.id);
    await patch(routeApi.PATCH, direct.id, { enabled: false });
    const byProxy = await getHealthAtAGlance(test.service.store, "proxy");
    expect(byProxy.get(direct.proxyId)).toMatchObject({ routes: 1, counts: { paused: 1, up: 0 }, lastFailure: null });
    expect(byProxy.get(other.proxyId)).toMatchObject({ routes: 1, counts: { degraded: 1 }, lastFailure: { kind: "server_error", routeId: other.id, targetName: "main", proxyName: "other" } });
    const byTarget = await getHealthAtAGlance(test.service.store, "target");
    expect(byTarget.get(direct.targetId)).toMatchObject({ routes: 2, counts: { paused: 1, degraded: 1 }, lastFailure: { kind: "server_error" } });
  });
});
