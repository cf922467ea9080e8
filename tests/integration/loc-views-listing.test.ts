import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routesApi from "@/app/api/routes/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { getOverview } from "@/lib/dashboard/get-overview";
import { getRouteDetail } from "@/lib/dashboard/get-route-detail";
import { listQuotas } from "@/lib/dashboard/list-quotas";
import { parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import type { RoutePageQuery } from "@/lib/db/store/route-store";
import { getRouteOrThrow } from "@/lib/monitoring/route-queries";
import { recordResultsNow } from "@/lib/db/store/sqlite/sqlite-result-store";
import { refreshRouteSummaries } from "@/lib/monitoring/refresh-route-summaries";
import { makeResult } from "../helpers/make-result";
import { addLocation, addLocationRow, nameHub, setOnline } from "../helpers/seed-locations";
import { call, startTestService, type TestService } from "../helpers/test-service";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";

const THRESHOLDS = { downAfterFailures: 2, upAfterSuccesses: 1 };
const NOW = Date.now();
let at = NOW - 30 * 60_000;

function pair(db: Sqlite, target: string, proxy: string): number {
  const id = (table: "Proxy" | "Target", name: string) =>
    (db.prepare(`SELECT id FROM "${table}" WHERE name = ?`).pluck().get(name) as number | undefined) ??
    Number(
      db
        .prepare(
          table === "Proxy"
            ? `INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`
            : `INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'http://127.0.0.1:9/v1', 'gpt-4o-mini', 'models', 'api', ?, ?)`,
        )
        .run(name, NOW, NOW).lastInsertRowid,
    );
  return Number(db.prepare(`INSERT INTO "Route" (proxyId, targetId, createdAt) VALUES (?, ?, ?)`).run(id("Proxy", proxy), id("Target", target), NOW).lastInsertRowid);
}

/** Results for a row through the result-recording path (as an agent's batch is stored). */
function record(db: Sqlite, routeId: number, kinds: OutcomeKind[]): void {
  const targetId = db.prepare(`SELECT targetId FROM "Route" WHERE id = ?`).pluck().get(routeId) as number;
  recordResultsNow(db, kinds.map((kind) => ({ routeId, targetId, result: makeResult(kind, (at += 1000), kind === "ok" ? 200 : null) })), THRESHOLDS, NOW);
}

let dir: string;
let db: Sqlite;
/** The store on the test's connection (cheap: statements are cached per connection). */
const store = () => new SqliteStore(db);
const ids: Record<string, { pair: number; hk: number; sg: number }> = {};
let single: number;
let hkId: number;
let sgId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "proxypulse-loc-views-"));
  migrateDatabase(join(dir, "test.db"));
  db = openSqlite(join(dir, "test.db"));
  nameHub(db, "office", "Shanghai");
  const hk = (hkId = addLocation(db, "hk-vps", "Hong Kong"));
  const sg = (sgId = addLocation(db, "sg-vps"));
  for (const [name, target, proxy] of [["oneDown", "openai", "clash"], ["twoDown", "openai", "direct"], ["allUp", "claude", "clash"]] as const) {
    const id = pair(db, target, proxy);
    ids[name] = { pair: id, hk: addLocationRow(db, id, hk), sg: addLocationRow(db, id, sg) };
  }
  single = pair(db, "gemini", "clash"); // probed from the hub only
  record(db, ids.oneDown!.pair, ["ok", "ok"]);
  record(db, ids.oneDown!.hk, ["proxy_unreachable", "proxy_unreachable"]);
  record(db, ids.oneDown!.sg, ["ok"]);
  record(db, ids.twoDown!.pair, ["timeout", "timeout"]);
  record(db, ids.twoDown!.hk, ["timeout", "timeout"]);
  record(db, ids.twoDown!.sg, ["ok", "ok", "ok"]);
  for (const row of Object.values(ids.allUp!)) record(db, row, ["ok"]);
  record(db, single, ["timeout", "timeout"]);
  refreshRouteSummaries(db, NOW);
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
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
    db.prepare(`UPDATE "Route" SET assigned = 0 WHERE id = ?`).run(ids.twoDown!.hk);
    try {
      const route = await getRouteOrThrow(store(), ids.twoDown!.pair);
      expect(route.locations.map((location) => location.name)).toEqual(["office", "sg-vps"]);
      // down at the hub, up at sg-vps: 1 of 2, a majority is 2
      expect(route.state).toBe("degraded");
    } finally {
      db.prepare(`UPDATE "Route" SET assigned = 1 WHERE id = ?`).run(ids.twoDown!.hk);
    }
  });

  it("a location whose agent is offline has no say: its last state is listed, not counted", async () => {
    setOnline(db, hkId, false);
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
      setOnline(db, sgId, false);
      expect(byPair(await store().routes.listPage(query()))["openai/direct"]).toBe("degraded");
      expect(byPair(await store().routes.listPage(query({ minLocations: 1 })))["openai/direct"]).toBe("down");
      // A pair probed from silent agents only has no data.
      db.prepare(`UPDATE "Route" SET assigned = 0 WHERE id = ?`).run(ids.allUp!.pair);
      expect(byPair(await store().routes.listPage(query()))["claude/clash"]).toBe("unknown");
      db.prepare(`UPDATE "Route" SET assigned = 1 WHERE id = ?`).run(ids.allUp!.pair);
    } finally {
      setOnline(db, hkId, true);
      setOnline(db, sgId, true);
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
    const put = (routeId: number, remaining: number) => {
      const targetId = db.prepare(`SELECT targetId FROM "Route" WHERE id = ?`).pluck().get(routeId) as number;
      recordResultsNow(db, [{ routeId, targetId, result: makeResult("ok", (at += 1000), 100, quota(remaining)) }], THRESHOLDS, NOW);
    };
    const claude = async () => (await listQuotas(store())).find((q) => q.targetName === "claude")!;
    put(ids.allUp!.hk, 420);
    expect(await claude()).toMatchObject({ remainingRequests: 420, limitRequests: 500, location: "hk-vps" });
    put(ids.allUp!.pair, 410);
    expect(await claude()).toMatchObject({ remainingRequests: 410, location: null });
    // Each location's own reports stay in its row's results.
    expect(db.prepare(`SELECT COUNT(*) FROM "ProbeResult" WHERE routeId = ? AND remainingRequests = 420`).pluck().get(ids.allUp!.hk)).toBe(1);
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
    const sqlite = test.service.sqlite!;
    const [first] = (await call(routesApi.GET, { path: "/api/routes" })).json.routes;
    const hk = addLocation(sqlite, "hk-vps");
    const row = addLocationRow(sqlite, first.id, hk);
    const targetId = first.targetId as number;
    recordResultsNow(sqlite, [0, 1].map((i) => ({ routeId: first.id, targetId, result: makeResult("ok", NOW - 5000 + i) })), THRESHOLDS, NOW);
    recordResultsNow(sqlite, [0, 1].map((i) => ({ routeId: row, targetId, result: makeResult("timeout", NOW - 4000 + i, null) })), THRESHOLDS, NOW);
    (test.service.config as { minLocations?: number }).minLocations = 1;
    const down = (await call(routesApi.GET, { path: `/api/routes?state=down` })).json.routes;
    (test.service.config as { minLocations?: number }).minLocations = undefined;
    const degraded = (await call(routesApi.GET, { path: `/api/routes?state=degraded` })).json.routes;
    expect(down.map((route: { id: number }) => route.id)).toEqual([first.id]);
    expect(degraded.map((route: { id: number }) => route.id)).toEqual([first.id]);
    expect(degraded[0].locations.map((location: { name: string; state: string }) => `${location.name}: ${location.state}`)).toEqual(["local: up", "hk-vps: down"]);
  });
});
