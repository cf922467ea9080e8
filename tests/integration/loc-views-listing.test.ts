import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routesApi from "@/app/api/routes/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { getOverview } from "@/lib/dashboard/get-overview";
import { getRouteDetail } from "@/lib/dashboard/get-route-detail";
import { listQuotas } from "@/lib/dashboard/list-quotas";
import { parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import type { Db } from "@/lib/db/client";
import type { RoutePageQuery } from "@/lib/db/store/route-store";
import type { Store } from "@/lib/db/store/store";
import { getRouteOrThrow } from "@/lib/monitoring/route-queries";
import { makeResult } from "../helpers/make-result";
import { readValue } from "../helpers/read-rows";
import { addLocation, addLocationRow, nameHub, setOnline } from "../helpers/seed-locations";
import { call, startTestService, type TestService } from "../helpers/test-service";
import { createTestStore, type TestStore } from "../helpers/test-store";

// On SQLite, and on PostgreSQL in the "postgresql" project (vitest.config.ts):
// each engine has its own SQL for a pair's state over its locations.

const THRESHOLDS = { downAfterFailures: 2, upAfterSuccesses: 1 };
const NOW = Date.now();
let at = NOW - 30 * 60_000;

async function pair(db: Db, target: string, proxy: string): Promise<number> {
  const proxyId = (await db.proxy.findUnique({ where: { name: proxy } }))?.id ?? (await db.proxy.create({ data: { name: proxy, url: "direct", source: "api" } })).id;
  const targetId =
    (await db.target.findUnique({ where: { name: target } }))?.id ??
    (await db.target.create({ data: { name: target, baseUrl: "http://127.0.0.1:9/v1", model: "gpt-4o-mini", probe: "models", source: "api" } })).id;
  return (await db.route.create({ data: { proxyId, targetId } })).id;
}

/** Results for a row through the result-recording path (as an agent's batch is stored). */
async function record(store: Store, routeId: number, kinds: OutcomeKind[]): Promise<void> {
  const targetId = await readValue<number>(store, `SELECT "targetId" FROM "Route" WHERE id = ?`, [routeId]);
  await store.results.record(kinds.map((kind) => ({ routeId, targetId, result: makeResult(kind, (at += 1000), kind === "ok" ? 200 : null) })), THRESHOLDS, NOW);
}

let temp: TestStore;
let db: Db;
const store = () => temp.store;
const ids: Record<string, { pair: number; hk: number; sg: number }> = {};
let single: number;
let hkId: number;
let sgId: number;

beforeAll(async () => {
  temp = await createTestStore();
  db = temp.prisma;
  await nameHub(store(), "office", "Shanghai");
  const hk = (hkId = await addLocation(store(), "hk-vps", "Hong Kong"));
  const sg = (sgId = await addLocation(store(), "sg-vps"));
  for (const [name, target, proxy] of [["oneDown", "openai", "clash"], ["twoDown", "openai", "direct"], ["allUp", "claude", "clash"]] as const) {
    const id = await pair(db, target, proxy);
    ids[name] = { pair: id, hk: await addLocationRow(store(), id, hk), sg: await addLocationRow(store(), id, sg) };
  }
  single = await pair(db, "gemini", "clash"); // probed from the hub only
  await record(store(), ids.oneDown!.pair, ["ok", "ok"]);
  await record(store(), ids.oneDown!.hk, ["proxy_unreachable", "proxy_unreachable"]);
  await record(store(), ids.oneDown!.sg, ["ok"]);
  await record(store(), ids.twoDown!.pair, ["timeout", "timeout"]);
  await record(store(), ids.twoDown!.hk, ["timeout", "timeout"]);
  await record(store(), ids.twoDown!.sg, ["ok", "ok", "ok"]);
  for (const row of Object.values(ids.allUp!)) await record(store(), row, ["ok"]);
  await record(store(), single, ["timeout", "timeout"]);
  await store().summaries.refreshWritten((await db.route.findMany({ select: { id: true } })).map((route) => route.id), NOW);
});

afterAll(async () => {
  await temp?.cleanup();
});

const query = (partial: Partial<RoutePageQuery> = {}): RoutePageQuery => ({ sort: "name", limit: null, offset: 0, ...partial });
const byPair = (page: { routes: Array<{ targetName: string; proxyName: string; state: string }> }) => Object.fromEntries(page.routes.map((route) => [`${route.targetName}/${route.proxyName}`, route.state]));

describe("GET /api/routes' listing with several locations", () => {
  it("has one item per pair, named by its row at the hub, with its state over its locations", async () => {
    const page = await store().routes.listPage(query());
    expect(page.total).toBe(4);
    expect(byPair(page)).toEqual({ "claude/clash": "up", "gemini/clash": "down", "openai/clash": "degraded", "openai/direct": "down" });
    expect(page.routes.map((route) => route.id).sort()).toEqual([ids.allUp!.pair, ids.oneDown!.pair, ids.twoDown!.pair, single].sort());
  });

  it("lists each pair's locations, the hub first, then by name, each with its own state and last probe", async () => {
    const route = (await store().routes.listPage(query({ target: "openai", proxy: "clash" }))).routes[0]!;
    expect(route.locations.map((location) => [location.name, location.region, location.state, location.id])).toEqual([
      ["office", "Shanghai", "up", ids.oneDown!.pair],
      ["hk-vps", "Hong Kong", "down", ids.oneDown!.hk],
      ["sg-vps", null, "up", ids.oneDown!.sg],
    ]);
    expect(route.locations[1]!.last).toMatchObject({ ok: false, kind: "proxy_unreachable" });
    expect(route.locations[1]!.lastFailure).toMatchObject({ kind: "proxy_unreachable" });
    // The pair's last probe is the newest of its locations' (sg-vps probed last).
    expect(route.last).toEqual(route.locations[2]!.last);
    expect(route.lastFailure).toEqual(route.locations[1]!.lastFailure);
  });

  it("sums probes and successes over the locations (uptime of every probe made for the pair)", async () => {
    const route = (await store().routes.listPage(query({ target: "openai", proxy: "direct" }))).routes[0]!;
    expect(route.windows["1h"]).toMatchObject({ total: 7, ok: 3 });
    expect(route.windows["1h"].uptime).toBeCloseTo(3 / 7);
  });

  it("filters, sorts and counts by the pair's state", async () => {
    expect(Object.keys(byPair(await store().routes.listPage(query({ state: "down" }))))).toEqual(["gemini/clash", "openai/direct"]);
    expect(Object.keys(byPair(await store().routes.listPage(query({ state: "degraded" }))))).toEqual(["openai/clash"]);
    expect((await store().routes.listPage(query({ state: "down" }))).total).toBe(2);
    expect(Object.keys(byPair(await store().routes.listPage(query({ sort: "worst" }))))).toEqual(["gemini/clash", "openai/direct", "openai/clash", "claude/clash"]);
    expect(await store().routes.countByState(null)).toEqual({ up: 1, degraded: 1, down: 2, unknown: 0, paused: 0 });
  });

  it("follows minLocations: 1 makes one location enough, 3 needs all three", async () => {
    expect(byPair(await store().routes.listPage(query({ minLocations: 1 })))["openai/clash"]).toBe("down");
    expect(byPair(await store().routes.listPage(query({ minLocations: 3 })))["openai/direct"]).toBe("degraded");
    expect(await store().routes.countByState(3)).toMatchObject({ down: 1, degraded: 2 });
  });

  it("a pair probed from the hub alone reads as its hub row, with that one location", async () => {
    const route = await getRouteOrThrow(store(), single);
    expect(route.state).toBe("down");
    expect(route.locations).toEqual([{ id: single, name: "office", region: "Shanghai", online: true, state: "down", stateSince: route.stateSince, last: route.last, lastFailure: route.lastFailure }]);
  });

  it("the overview names the locations (the hub first) and sums the uptime bar over them", async () => {
    const overview = await getOverview(store(), parseOverviewFilter({ target: "openai", proxy: "direct" }), NOW);
    expect(overview.locations.map((location) => location.name)).toEqual(["office", "hk-vps", "sg-vps"]);
    const bar = overview.routes[0]!.uptimeBar;
    expect(bar.reduce((sum, slot) => sum + slot.total, 0)).toBe(7);
    expect(bar.reduce((sum, slot) => sum + slot.ok, 0)).toBe(3);
  });

  it("a row no longer assigned is history: not a location of its pair, nor counted in its state", async () => {
    await db.route.update({ where: { id: ids.twoDown!.hk }, data: { assigned: false } });
    try {
      const route = await getRouteOrThrow(store(), ids.twoDown!.pair);
      expect(route.locations.map((location) => location.name)).toEqual(["office", "sg-vps"]);
      // down at the hub, up at sg-vps: 1 of 2, a majority is 2
      expect(route.state).toBe("degraded");
    } finally {
      await db.route.update({ where: { id: ids.twoDown!.hk }, data: { assigned: true } });
    }
  });

  it("a location whose agent is offline has no say: its last state is listed, not counted", async () => {
    await setOnline(store(), hkId, false);
    try {
      // hk-vps said down: without it, openai/clash is up (office, sg-vps) and openai/direct degraded (office down, sg-vps up: 1 of 2).
      expect(byPair(await store().routes.listPage(query()))).toEqual({ "claude/clash": "up", "gemini/clash": "down", "openai/clash": "up", "openai/direct": "degraded" });
      expect(await store().routes.countByState(null)).toEqual({ up: 2, degraded: 1, down: 1, unknown: 0, paused: 0 });
      expect(Object.keys(byPair(await store().routes.listPage(query({ state: "degraded" }))))).toEqual(["openai/direct"]);
      const route = await getRouteOrThrow(store(), ids.oneDown!.pair);
      expect(route.locations.map((location) => [location.name, location.online, location.state])).toEqual([
        ["office", true, "up"],
        ["hk-vps", false, "down"],
        ["sg-vps", true, "up"],
      ]);
      // Both agents silent: the hub alone is one of the two a majority of three needs (its network may be what cut them off).
      await setOnline(store(), sgId, false);
      expect(byPair(await store().routes.listPage(query()))["openai/direct"]).toBe("degraded");
      expect(byPair(await store().routes.listPage(query({ minLocations: 1 })))["openai/direct"]).toBe("down");
      // A pair probed from silent agents only has no data.
      await db.route.update({ where: { id: ids.allUp!.pair }, data: { assigned: false } });
      expect(byPair(await store().routes.listPage(query()))["claude/clash"]).toBe("unknown");
      await db.route.update({ where: { id: ids.allUp!.pair }, data: { assigned: true } });
    } finally {
      await setOnline(store(), hkId, true);
      await setOnline(store(), sgId, true);
    }
    expect(byPair(await store().routes.listPage(query()))["openai/clash"]).toBe("degraded");
  });
});

describe("a route's page with several locations", () => {
  it("shows the hub's row by default, the chosen location's with ?location=, and names its pair from any of its rows", async () => {
    const hub = await getRouteDetail(store(), ids.oneDown!.pair, "1h", NOW);
    expect(hub.view).toMatchObject({ routeId: ids.oneDown!.pair, location: { name: "office" } });
    expect(hub.series.summary).toMatchObject({ total: 2, ok: 2 });
    const hk = await getRouteDetail(store(), ids.oneDown!.pair, "1h", NOW, "hk-vps");
    expect(hk.view).toMatchObject({ routeId: ids.oneDown!.hk, location: { name: "hk-vps", state: "down" } });
    expect(hk.series.summary).toMatchObject({ total: 2, ok: 0 });
    expect(hk.route.id).toBe(ids.oneDown!.pair);
    // An unknown name falls back to the hub's row; a location's row id opens its pair at that location.
    expect((await getRouteDetail(store(), ids.oneDown!.pair, "1h", NOW, "mars")).view.routeId).toBe(ids.oneDown!.pair);
    const byRow = await getRouteDetail(store(), ids.oneDown!.sg, "1h", NOW);
    expect([byRow.route.id, byRow.view.routeId]).toEqual([ids.oneDown!.pair, ids.oneDown!.sg]);
  });

  it("has no location choice for a route probed from one place", async () => {
    expect((await getRouteDetail(store(), single, "1h", NOW)).view).toEqual({ routeId: single, location: null });
  });
});

describe("a target's quota with several locations", () => {
  it("is the newest report from any location (the account's), naming the agent's location that made it", async () => {
    const quota = (remainingRequests: number) => ({ quota: { limitRequests: 500, remainingRequests, resetRequestsMs: 1000, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null } });
    const put = async (routeId: number, remaining: number) => {
      const targetId = await readValue<number>(store(), `SELECT "targetId" FROM "Route" WHERE id = ?`, [routeId]);
      await store().results.record([{ routeId, targetId, result: makeResult("ok", (at += 1000), 100, quota(remaining)) }], THRESHOLDS, NOW);
    };
    const claude = async () => (await listQuotas(store())).find((q) => q.targetName === "claude")!;
    await put(ids.allUp!.hk, 420);
    expect(await claude()).toMatchObject({ remainingRequests: 420, limitRequests: 500, location: "hk-vps" });
    await put(ids.allUp!.pair, 410);
    expect(await claude()).toMatchObject({ remainingRequests: 410, location: null });
    // Each location's own reports stay in its row's results.
    expect(await readValue(store(), `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE "routeId" = ? AND "remainingRequests" = 420`, [ids.allUp!.hk])).toBe(1);
  });
});

describe("GET /api/routes with one location (every install before locations)", () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService(`targets:\n  - name: api\n    baseUrl: http://127.0.0.1:9/v1\n    apiKey: sk-test\nproxies:\n  - name: clash\n    url: http://127.0.0.1:9201\n`);
  });
  afterAll(async () => test?.stop());

  it("answers as before, plus the one location (the hub, 'local')", async () => {
    const { status, json } = await call(routesApi.GET, { path: "/api/routes" });
    expect(status).toBe(200);
    expect(json.routes).toHaveLength(1);
    for (const route of json.routes) {
      expect(route.locations).toEqual([{ id: route.id, name: "local", region: null, online: true, state: route.state, stateSince: route.stateSince, last: route.last, lastFailure: route.lastFailure }]);
    }
  });

  it("reads minLocations from proxypulse.yaml for the pairs' states", async () => {
    const { store: service } = test.service;
    const [first] = (await call(routesApi.GET, { path: "/api/routes" })).json.routes;
    const hk = await addLocation(service, "hk-vps");
    const row = await addLocationRow(service, first.id, hk);
    const targetId = first.targetId as number;
    await service.results.record([0, 1].map((i) => ({ routeId: first.id, targetId, result: makeResult("ok", NOW - 5000 + i) })), THRESHOLDS, NOW);
    await service.results.record([0, 1].map((i) => ({ routeId: row, targetId, result: makeResult("timeout", NOW - 4000 + i, null) })), THRESHOLDS, NOW);
    (test.service.config as { minLocations?: number }).minLocations = 1;
    const down = (await call(routesApi.GET, { path: `/api/routes?state=down` })).json.routes;
    (test.service.config as { minLocations?: number }).minLocations = undefined;
    const degraded = (await call(routesApi.GET, { path: `/api/routes?state=degraded` })).json.routes;
    expect(down.map((route: { id: number }) => route.id)).toEqual([first.id]);
    expect(degraded.map((route: { id: number }) => route.id)).toEqual([first.id]);
    expect(degraded[0].locations.map((location: { name: string; state: string }) => `${location.name}: ${location.state}`)).toEqual(["local: up", "hk-vps: down"]);
  });
});
