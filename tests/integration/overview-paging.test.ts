import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routesApi from "@/app/api/routes/route";
import type { Db } from "@/lib/db/client";
import { canonicalRedirect, isFiltering, overviewHref, parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import { getOverview } from "@/lib/dashboard/get-overview";
import type { RoutePageQuery } from "@/lib/db/store/route-store";
import type { RouteState } from "@/lib/monitoring/route-state";
import { runSql, sqlTime } from "../helpers/read-rows";
import { call, startTestService, type TestService } from "../helpers/test-service";
import { createTestStore, type TestStore } from "../helpers/test-store";

// On SQLite, and on PostgreSQL in the "postgresql" project (vitest.config.ts):
// the listing's filters, search and sort are SQL of each engine's own.

type Seed = Array<[target: string, proxy: string, state: RouteState]>;

/** Proxies, targets and routes (with a summary each) straight into the tables, as the service would have them. */
async function seed(db: Db, routes: Seed): Promise<void> {
  const proxies = new Map<string, number>();
  const targets = new Map<string, number>();
  for (const [target, proxy, state] of routes) {
    if (!proxies.has(proxy)) proxies.set(proxy, (await db.proxy.create({ data: { name: proxy, url: "direct", source: "api" } })).id);
    if (!targets.has(target)) {
      targets.set(target, (await db.target.create({ data: { name: target, baseUrl: "http://127.0.0.1:9/v1", model: "gpt-4o-mini", probe: "models", source: "api" } })).id);
    }
    const route = await db.route.create({ data: { proxyId: proxies.get(proxy)!, targetId: targets.get(target)!, enabled: state !== "paused", state, okStreak: 0, failStreak: 0 } });
    await db.routeSummary.create({ data: { routeId: route.id, computedAt: new Date(), windows: "{}" } });
  }
}

const SMALL: Seed = [
  ["openai", "clash-hk", "down"],
  ["openai", "direct", "up"],
  ["DeepSeek", "clash-hk", "degraded"],
  ["DeepSeek", "office", "unknown"],
  ["azure", "office", "down"],
  ["azure", "direct", "paused"],
  // Characters that mean something to LIKE match themselves.
  ["50%_off", "direct", "up"],
  ["500 off", "direct", "up"],
];

const names = (page: { routes: Array<{ targetName: string; proxyName: string }> }) => page.routes.map((route) => `${route.targetName}/${route.proxyName}`);
const query = (partial: Partial<RoutePageQuery> = {}): RoutePageQuery => ({ sort: "name", limit: null, offset: 0, ...partial });

describe("the route store's listPage: filters and search in SQL", () => {
  let small: TestStore;
  beforeAll(async () => {
    small = await createTestStore();
    await seed(small.prisma, SMALL);
  });
  afterAll(() => small.cleanup());

  // The overview's URL is parsed as the page parses it, then run against the real database.
  it.each<[string, Record<string, string | string[] | undefined>, string[]]>([
    ["no filter: every route, by target then proxy name", {}, ["50%_off/direct", "500 off/direct", "DeepSeek/clash-hk", "DeepSeek/office", "azure/direct", "azure/office", "openai/clash-hk", "openai/direct"]],
    ["empty values are no filter", { state: "", target: "  ", proxy: "", q: "" }, ["50%_off/direct", "500 off/direct", "DeepSeek/clash-hk", "DeepSeek/office", "azure/direct", "azure/office", "openai/clash-hk", "openai/direct"]],
    ["state down", { state: "down" }, ["azure/office", "openai/clash-hk"]],
    ["state up", { state: "up" }, ["50%_off/direct", "500 off/direct", "openai/direct"]],
    ["state degraded", { state: "degraded" }, ["DeepSeek/clash-hk"]],
    ["state unknown", { state: "unknown" }, ["DeepSeek/office"]],
    ["state paused", { state: "paused" }, ["azure/direct"]],
    ["a state that is not one is dropped", { state: "sideways" }, ["50%_off/direct", "500 off/direct", "DeepSeek/clash-hk", "DeepSeek/office", "azure/direct", "azure/office", "openai/clash-hk", "openai/direct"]],
    ["target, ignoring case", { target: "deepseek" }, ["DeepSeek/clash-hk", "DeepSeek/office"]],
    ["target is the whole name, not a part", { target: "deep" }, []],
    ["proxy", { proxy: "office" }, ["DeepSeek/office", "azure/office"]],
    ["proxy, ignoring case", { proxy: "CLASH-HK" }, ["DeepSeek/clash-hk", "openai/clash-hk"]],
    ["state and target together", { state: "down", target: "openai" }, ["openai/clash-hk"]],
    ["free text in the proxy name", { q: "clash" }, ["DeepSeek/clash-hk", "openai/clash-hk"]],
    ["free text in the target name, ignoring case", { q: "SEEK" }, ["DeepSeek/clash-hk", "DeepSeek/office"]],
    ["free text words each on their own", { q: "openai  clash" }, ["openai/clash-hk"]],
    ["free text as the route's name", { q: "azure via office" }, ["azure/office"]],
    ["% in the text is a percent sign, not a wildcard", { q: "50%" }, ["50%_off/direct"]],
    ["_ in the text is an underscore, not any character", { q: "%_off" }, ["50%_off/direct"]],
    ["a backslash is searched for, not an escape", { q: "\\" }, []],
    ["the example link", { state: "down", target: "openai", q: "clash" }, ["openai/clash-hk"]],
    ["nothing matches", { state: "up", proxy: "office" }, []],
    ["a repeated parameter takes the first", { state: ["up", "down"] }, ["50%_off/direct", "500 off/direct", "openai/direct"]],
    ["worst first: down, degraded, no data, up, paused; by name within a state", { sort: "worst" }, ["azure/office", "openai/clash-hk", "DeepSeek/clash-hk", "DeepSeek/office", "50%_off/direct", "500 off/direct", "openai/direct", "azure/direct"]],
  ])("%s", async (_name, raw, expected) => {
    const filter = parseOverviewFilter(raw);
    const page = await small.store.routes.listPage(query({ ...filter, limit: filter.per }));
    expect(names(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("counts by state are over every route", async () => {
    expect(await small.store.routes.countByState(null)).toEqual({ up: 3, degraded: 1, down: 2, unknown: 1, paused: 1 });
  });

  it.each<[Record<string, string | undefined>, boolean]>([
    [{}, false],
    [{ state: "bogus", q: " " }, false],
    [{ page: "3", per: "100", sort: "worst" }, false],
    [{ state: "down" }, true],
    [{ q: "x" }, true],
    [{ target: "openai" }, true],
    [{ proxy: "office" }, true],
  ])("isFiltering(%o) is %s", (raw, expected) => {
    expect(isFiltering(parseOverviewFilter(raw))).toBe(expected);
  });

  it.each<[Record<string, string | undefined>, string]>([
    [{}, "/"],
    [{ state: "bogus", q: "  ", page: "abc", per: "7", sort: "random" }, "/"],
    [{ state: "down", target: "openai", q: "clash" }, "/?state=down&target=openai&q=clash"],
    [{ proxy: "hk & jp", q: "a b" }, "/?proxy=hk+%26+jp&q=a+b"],
    [{ state: "up", sort: "worst", per: "100", page: "4" }, "/?state=up&sort=worst&per=100&page=4"],
  ])("overviewHref(%o) is %s and parses back to the same view", (raw, expected) => {
    expect(overviewHref(parseOverviewFilter(raw))).toBe(expected);
    expect(parseOverviewFilter(Object.fromEntries(new URL(expected, "http://x").searchParams))).toEqual(parseOverviewFilter(raw));
  });

  it.each<[Record<string, string | string[] | undefined>, string | null]>([
    [{}, null],
    [{ state: "down", q: "clash" }, null],
    [{ sort: "worst", per: "100", page: "2" }, null],
    // What the filter form sends: every field, empty ones and defaults too.
    [{ state: "", target: "", proxy: "", q: "clash", sort: "name", per: "50" }, "/?q=clash"],
    [{ q: "  clash  " }, "/?q=clash"],
    [{ page: "abc" }, "/"],
    [{ page: "1" }, "/"],
    [{ state: "bogus", per: "7" }, "/"],
    [{ state: ["up", "down"] }, "/?state=up"],
    [{ utm_source: "mail", state: "up" }, "/?state=up"],
  ])("canonicalRedirect(%o) is %s", (raw, expected) => {
    expect(canonicalRedirect(raw, overviewHref(parseOverviewFilter(raw)))).toBe(expected);
  });

  it("a changed filter starts again at page 1; a page link keeps the filters", () => {
    const filter = parseOverviewFilter({ state: "up", page: "3" });
    expect(overviewHref(filter, { state: "down" })).toBe("/?state=down");
    expect(overviewHref(filter, { page: 4 })).toBe("/?state=up&page=4");
    expect(overviewHref(filter, { page: 1 })).toBe("/?state=up");
  });
});

describe("paging: pages in SQL, clamped on the page", () => {
  // 60 routes: 3 targets × 20 proxies, every fifth down.
  const BULK: Seed = ["alpha", "beta", "gamma"].flatMap((target, t) =>
    Array.from({ length: 20 }, (_, p) => [target, `p${String(p).padStart(2, "0")}`, (t * 20 + p) % 5 === 0 ? "down" : "up"] as [string, string, RouteState]),
  );
  let bulk: TestStore;
  beforeAll(async () => {
    bulk = await createTestStore();
    await seed(bulk.prisma, BULK);
  });
  afterAll(() => bulk.cleanup());

  it("pages of 25 cover every route once, in order, with the total on each", async () => {
    const pages = await Promise.all([0, 25, 50].map((offset) => bulk.store.routes.listPage(query({ limit: 25, offset }))));
    expect(pages.map((page) => page.routes.length)).toEqual([25, 25, 10]);
    expect(pages.every((page) => page.total === 60)).toBe(true);
    const all = pages.flatMap(names);
    expect(all).toEqual(names(await bulk.store.routes.listPage(query())));
    expect(new Set(all).size).toBe(60);
  });

  it("a filtered page counts the matches, not all routes", async () => {
    const page = await bulk.store.routes.listPage(query({ state: "down", limit: 5, offset: 5 }));
    expect(page.total).toBe(12);
    expect(page.routes).toHaveLength(5);
    expect(page.routes.every((route) => route.state === "down")).toBe(true);
  });

  it("an offset past the end is an empty page with the total", async () => {
    const page = await bulk.store.routes.listPage(query({ limit: 25, offset: 1000 }));
    expect(page).toEqual({ routes: [], total: 60 });
  });

  it.each<[string, Record<string, string>, { page: number; pages: number; first: string; rows: number }]>([
    ["the first page by default", {}, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["page 2 of 50", { page: "2" }, { page: 2, pages: 2, first: "gamma/p10", rows: 10 }],
    ["page=-1 is the first page", { page: "-1" }, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["page=0 is the first page", { page: "0" }, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["page=abc is the first page", { page: "abc" }, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["page=2.5 is the first page", { page: "2.5" }, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["a page past the end is the last page", { page: "99" }, { page: 2, pages: 2, first: "gamma/p10", rows: 10 }],
    ["a huge page is the last page", { page: "999999999999999999999" }, { page: 2, pages: 2, first: "gamma/p10", rows: 10 }],
    ["per=25", { per: "25", page: "3" }, { page: 3, pages: 3, first: "gamma/p10", rows: 10 }],
    ["per that is not offered is the default", { per: "7" }, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["per=0 is the default", { per: "0" }, { page: 1, pages: 2, first: "alpha/p00", rows: 50 }],
    ["filters that match nothing: one empty page", { q: "nothing-like-it", page: "5" }, { page: 1, pages: 1, first: "", rows: 0 }],
  ])("%s", async (_name, raw, expected) => {
    const overview = await getOverview(bulk.store, parseOverviewFilter(raw));
    expect({ page: overview.page, pages: overview.pages, first: names(overview)[0] ?? "", rows: overview.routes.length }).toEqual(expected);
    // The headline is over every route, whatever the filters and page.
    expect(overview.all).toBe(60);
    expect(overview.counts).toEqual({ up: 48, degraded: 0, down: 12, unknown: 0, paused: 0 });
    expect(overview.names.proxies).toHaveLength(20);
    expect(overview.routes.every((route) => route.uptimeBar.length === 24)).toBe(true);
  });

  it("the uptime bar reads the page's routes' hour rollups", async () => {
    const overview = await getOverview(bulk.store, parseOverviewFilter({ per: "25", page: "2" }));
    const route = overview.routes[0]!;
    const bucket = Date.parse(route.uptimeBar[23]!.start);
    await runSql(bulk.store, `INSERT INTO "RollupHour" ("routeId", bucket, total, "okCount", "kindCounts", "latencySumMs", "latencyHist") VALUES (?, ?, 4, 3, '{"ok":3,"timeout":1}', 0, '[]')`, [
      route.id,
      sqlTime(bucket),
    ]);
    const again = await getOverview(bulk.store, parseOverviewFilter({ per: "25", page: "2" }));
    expect(again.routes[0]!.uptimeBar[23]).toMatchObject({ total: 4, ok: 3, topKind: "timeout" });
    expect(again.routes[1]!.uptimeBar[23]).toMatchObject({ total: 0 });
  });
});

describe("GET /api/routes: the same filters, optional pages, strict about its parameters", () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService("intervalSeconds: 3600\n");
    await seed(test.service.db, SMALL);
  });
  afterAll(async () => await test?.stop());

  it("without parameters: every route, as before, with the total", async () => {
    const { status, json } = await call(routesApi.GET, { path: "/api/routes" });
    expect(status).toBe(200);
    expect(json.routes).toHaveLength(SMALL.length);
    expect(json).toMatchObject({ total: SMALL.length, offset: 0, limit: null, next: null });
    expect(json.routes[0]).toHaveProperty("windows");
  });

  it.each<[string, string, { names: string[]; total: number; next: number | null }]>([
    ["a page", "limit=3", { names: ["50%_off/direct", "500 off/direct", "DeepSeek/clash-hk"], total: 8, next: 3 }],
    ["the next page", "limit=3&offset=3", { names: ["DeepSeek/office", "azure/direct", "azure/office"], total: 8, next: 6 }],
    ["the last page", "limit=3&offset=6", { names: ["openai/clash-hk", "openai/direct"], total: 8, next: null }],
    ["past the end", "limit=3&offset=100", { names: [], total: 8, next: null }],
    ["filters and a page", "state=down&limit=1", { names: ["azure/office"], total: 2, next: 1 }],
    ["target and proxy, ignoring case", "target=OPENAI&proxy=Direct", { names: ["openai/direct"], total: 1, next: null }],
    ["search", "q=clash", { names: ["DeepSeek/clash-hk", "openai/clash-hk"], total: 2, next: null }],
    ["worst first", "sort=worst&limit=2", { names: ["azure/office", "openai/clash-hk"], total: 8, next: 2 }],
  ])("%s: ?%s", async (_name, search, expected) => {
    const { status, json } = await call(routesApi.GET, { path: `/api/routes?${search}` });
    expect(status).toBe(200);
    expect({ names: names(json), total: json.total, next: json.next }).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["state=bogus", /state is one of up, degraded, down, unknown, paused/],
    ["sort=random", /sort is one of name, worst/],
    ["limit=0", /limit must be at least 1/],
    ["limit=1001", /limit is at most 1000/],
    ["limit=abc", /limit must be a whole number/],
    ["limit=-5", /limit must be a whole number/],
    ["offset=-1", /offset must be a whole number/],
    ["offset=1.5", /offset must be a whole number/],
    ["offset=99999999999", /offset is at most 2147483647/],
    ["target=", /target is empty/],
    ["q=%20%20", /q is empty/],
    [`q=${"x".repeat(201)}`, /q is at most 200 characters/],
    ["page=2", /Unrecognized key.*page/i],
  ])("?%s is refused with 400 and says why", async (search, message) => {
    const { status, json } = await call(routesApi.GET, { path: `/api/routes?${search}` });
    expect(status).toBe(400);
    expect(json.error.code).toBe("invalid_input");
    expect(json.error.message).toMatch(message);
  });
});
