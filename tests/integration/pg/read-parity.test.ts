import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { Store } from "@/lib/db/store/store";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import type { RoutePageQuery } from "@/lib/db/store/route-store";
import type { PgCluster } from "../../../scripts/db/pg-cluster";
import { makeResult } from "../../helpers/make-result";
import { startTwoEngines, type TwoEngines } from "../../helpers/two-engines";

/**
 * The read side of the PostgreSQL store (route listings, history, status,
 * dashboard, metrics) against the SQLite store (the specification), over
 * the same seeded data: the same configuration through Prisma on both, the
 * same result batches through each engine's results store, then every
 * method asked the same questions must give the same answers, order,
 * NULLs and ties included.
 */
let two: TwoEngines;
const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
/** Two hours before a month ends, so the results cross into the next (UTC) month and day. */
const T0 = Date.UTC(2026, 10, 30, 20, 0, 0);
let clock = T0;

/** Asks both engines the same question and expects the same answer; returns it. */
async function same<T>(ask: (store: Store) => Promise<T>): Promise<T> {
  const [onSqlite, onPostgres] = await Promise.all(two.stores.map((store) => ask(store)));
  expect(onPostgres).toEqual(onSqlite);
  return onSqlite as T;
}

/**
 * For the methods whose SQLite query has no ORDER BY and whose SQLite order
 * is its insertion or planner order, which PostgreSQL cannot reproduce (the
 * interface promises no order and the callers fold the rows into maps or
 * gauges): the same rows, in any order.
 */
async function sameRows<T>(ask: (store: Store) => Promise<T[]>): Promise<T[]> {
  const sorted = (rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const [onSqlite, onPostgres] = await Promise.all(two.stores.map((store) => ask(store)));
  expect(sorted(onPostgres!)).toEqual(sorted(onSqlite!));
  return onSqlite!;
}

/** A deterministic pseudo-random sequence (the same batches on both engines, and on every run). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const FAILURES: OutcomeKind[] = ["timeout", "rate_limited", "quota_exhausted", "proxy_unreachable", "region_blocked"];

/** Batches over these route rows; each row fails at its own rate (some hardly ever, some nearly always), so states spread out. */
function batches(routeIds: number[], targetOf: (routeId: number) => number, count: number, seed: number): ResultToRecord[][] {
  const random = lcg(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 25) }, () => {
      clock += Math.floor(random() * 50_000);
      const at = random() < 0.08 ? clock - 300_000 : clock;
      const routeId = routeIds[Math.floor(random() * routeIds.length)]!;
      const failRate = [0.03, 0.5, 0.97, 0.2][routeId % 4]!;
      const kind: OutcomeKind = random() < failRate ? FAILURES[Math.floor(random() * FAILURES.length)]! : "ok";
      const withQuota = random() < 0.5;
      const streamed = kind === "ok" && random() < 0.3;
      // Whole milliseconds now and then, so equal latencies tie.
      const totalMs = kind === "ok" ? 40 + Math.floor(random() * 600) + (random() < 0.5 ? 0 : random()) : random() < 0.2 ? null : 15_000;
      const result = makeResult(kind, at, totalMs, {
        quota: {
          limitRequests: withQuota ? 500 : null,
          remainingRequests: withQuota ? Math.floor(random() * 500) : null,
          resetRequestsMs: withQuota ? 1200 : null,
          limitTokens: withQuota ? 30_000_000 : null,
          remainingTokens: withQuota ? Math.floor(random() * 30_000_000) : null,
          resetTokensMs: withQuota && random() < 0.5 ? 60_000 : null,
          retryAfterMs: kind === "rate_limited" ? 2000 : null,
        },
        usage: kind === "ok" ? { promptTokens: 9, completionTokens: Math.floor(random() * 50), totalTokens: null } : null,
        requestId: kind === "ok" ? `req_${Math.floor(random() * 1e9)}` : null,
        stream: streamed
          ? { ttftMs: 20 + random() * 300, streamMs: random() < 0.2 ? null : random() * 900, chunks: 1 + Math.floor(random() * 40), maxGapMs: random() * 80, outputTokens: 12, tokensPerSecond: null }
          : null,
      });
      return { routeId, targetId: targetOf(routeId), result };
    }),
  );
}

/** Records the batches on both engines (the same state changes on each), pauses per the flags, and refreshes every summary. */
async function recordOnBoth(all: ResultToRecord[][]): Promise<void> {
  for (const batch of all) {
    await same((store) => store.results.record(batch, thresholds, clock));
  }
  await same((store) => store.results.applyPauses(clock));
  const ids = [...new Set(all.flat().map((item) => item.routeId))];
  for (const store of two.stores) await store.summaries.refreshWritten(ids, clock);
}

/** Targets (mixed case, LIKE's wildcards, a letter beyond ASCII), as [name, settings]. */
const TARGETS = [
  ["alpha", { slowAboveMs: 250, slowWindow: 5, publicHost: true }],
  ["Beta", { probe: "models", provider: "anthropic" }],
  ["gamma_x", { manualOnly: true, intervalSeconds: 120 }],
  ["delta 50%", { pausedInFile: true }],
  ["Émile", { enabled: false }],
  ["beta2", {}],
  ["zz-unprobed", {}],
] as const;
const PROXIES = [
  ["direct", "direct", {}],
  ["Clash", "http://127.0.0.1:7890", { publicHost: true }],
  ["hk_1", "socks5://127.0.0.1:1080", {}],
  ["sg-2", "http://127.0.0.1:8080", { enabled: false }],
] as const;
/** Hub rows: every target but the last × every proxy, ids 1… in this order. */
const HUB_PAIRS = TARGETS.slice(0, -1).flatMap((_, t) => PROXIES.map((_, p) => ({ targetId: t + 1, proxyId: p + 1 })));
const routeTargets = new Map<number, number>();

/** A database whose default collation is not binary (as most installs' are), so the store must ask for SQLite's order itself. */
async function createIcuDatabase(cluster: PgCluster, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.utf8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`);
  await admin.end();
  return cluster.url.replace(/\/postgres$/, `/${name}`);
}

beforeAll(async () => {
  two = await startTwoEngines("pp_read_parity", { createDatabase: createIcuDatabase });
  for (const prisma of two.prismas) {
    for (const [name, settings] of TARGETS) await prisma.target.create({ data: { name, baseUrl: `https://${name.length}.test/v1`, model: "m", ...settings } });
    for (const [name, proxyUrl, settings] of PROXIES) await prisma.proxy.create({ data: { name, url: proxyUrl, ...settings } });
    for (const [i, pair] of HUB_PAIRS.entries()) {
      // A few rows with their own settings, one switched off.
      const own = i === 1 ? { intervalSeconds: 30 } : i === 4 ? { slowAboveMs: 100, slowWindow: 3 } : i === 6 ? { enabled: false } : {};
      await prisma.route.create({ data: { ...pair, ...own } });
    }
  }
  HUB_PAIRS.forEach((pair, i) => routeTargets.set(i + 1, pair.targetId));
}, 120_000);

afterAll(async () => {
  await two?.close();
});

const PAGE_QUERIES: RoutePageQuery[] = [
  { sort: "name", limit: null, offset: 0 },
  { sort: "worst", limit: null, offset: 0 },
  { sort: "worst", limit: 5, offset: 0 },
  { sort: "worst", limit: 5, offset: 5 },
  { sort: "name", limit: 4, offset: 22 },
  { sort: "name", limit: 10, offset: 100 },
  { sort: "name", limit: 0, offset: 0 },
  { sort: "name", limit: null, offset: 3, state: "down" },
  { sort: "worst", limit: null, offset: 0, state: "up" },
  { sort: "name", limit: null, offset: 0, state: "paused" },
  { sort: "name", limit: null, offset: 0, state: "degraded" },
  { sort: "name", limit: null, offset: 0, state: "unknown" },
  { sort: "name", limit: null, offset: 0, target: "BETA" },
  { sort: "name", limit: null, offset: 0, target: "émile" },
  { sort: "name", limit: null, offset: 0, target: "Émile" },
  { sort: "name", limit: null, offset: 0, target: "bet" },
  { sort: "name", limit: null, offset: 0, proxy: "clash" },
  { sort: "worst", limit: 3, offset: 1, proxy: "CLASH", target: "alpha" },
  { sort: "name", limit: null, offset: 0, q: "bet" },
  { sort: "name", limit: null, offset: 0, q: "ALPHA via CL" },
  { sort: "name", limit: null, offset: 0, q: "via" },
  { sort: "name", limit: null, offset: 0, q: "_" },
  { sort: "name", limit: null, offset: 0, q: "50%" },
  { sort: "name", limit: null, offset: 0, q: "%" },
  { sort: "name", limit: null, offset: 0, q: "\\" },
  { sort: "name", limit: null, offset: 0, q: "  mile   sg  " },
  { sort: "name", limit: null, offset: 0, q: "a a a a a a a a a zzz" },
  { sort: "worst", limit: null, offset: 0, q: "a", state: "down", minLocations: 1 },
  { sort: "worst", limit: null, offset: 0, minLocations: 1 },
  { sort: "worst", limit: null, offset: 0, minLocations: 2 },
  { sort: "worst", limit: 7, offset: 2, minLocations: 9 },
];

/** Every question the route store answers, over the rows that exist now. */
async function compareRouteStore(): Promise<void> {
  for (const minLocations of [undefined, null, 1, 2, 3]) await same((store) => store.routes.list({ minLocations }));
  for (const routeId of [1, 2, 7, 22, 25, 27, 33, 34, 38, 39, 40, 999]) {
    for (const minLocations of [undefined, 1, 3]) await same((store) => store.routes.list({ routeId, minLocations }));
  }
  for (const locationId of [1, 2, 3, 4, 5, 999]) await same((store) => store.routes.listAtLocation(locationId));
  for (const query of PAGE_QUERIES) await same((store) => store.routes.listPage(query));
  for (const minLocations of [null, 1, 2, 3]) await same((store) => store.routes.countByState(minLocations));
  await same((store) => store.routes.listNames());
  for (const routeId of [1, 24, 25, 30, 34, 38, 40, 999]) {
    await same((store) => store.routes.namesAtLocation(routeId));
    await same((store) => store.routes.placeOf(routeId));
  }
  for (const name of ["local", "tokyo", "frankfurt", "Berlin", "berlin", "nowhere"]) await same((store) => store.routes.findLocation(name));
  await same((store) => store.routes.listLocationNames());
  for (const name of ["alpha", "Alpha", "zz-unprobed", "none"]) await same((store) => store.routes.targetExists(name));
  await same((store) => store.routes.listTargetNamesWithEnabledRoutes());
}

describe("the PostgreSQL route store answers as the SQLite one", () => {
  it("with every pair probed from the hub only", { timeout: 180_000 }, async () => {
    await recordOnBoth(batches([...routeTargets.keys()], (id) => routeTargets.get(id)!, 50, 3));
    const listing = await same((store) => store.routes.list());
    const states = new Set(listing.map((route) => route.state));
    expect([...states].sort()).toEqual(["degraded", "down", "paused", "up"].filter((state) => states.has(state as never)).sort());
    expect(states.has("down") && states.has("up") && states.has("paused")).toBe(true);
    await compareRouteStore();
  });

  it("with agents probing some pairs (online, offline, a row no longer assigned)", { timeout: 180_000 }, async () => {
    for (const prisma of two.prismas) {
      await prisma.location.create({ data: { name: "tokyo", region: "ap-northeast-1", online: true, tokenHash: "a".repeat(64) } }); // id 2
      await prisma.location.create({ data: { name: "frankfurt", region: "eu-central-1", online: false, tokenHash: "b".repeat(64) } }); // id 3
      await prisma.location.create({ data: { name: "Berlin", online: true, spooled: 12, tokenHash: "c".repeat(64) } }); // id 4
      await prisma.location.create({ data: { name: "zeta", online: true, revokedAt: new Date(T0) } }); // id 5, no routes
      // Rows 25… : the first three targets over the first two proxies at tokyo, then at frankfurt; two at Berlin, the second not assigned.
      for (const locationId of [2, 3]) {
        for (const targetId of [1, 2, 3]) for (const proxyId of [1, 2]) await prisma.route.create({ data: { targetId, proxyId, locationId } });
      }
      await prisma.route.create({ data: { targetId: 1, proxyId: 1, locationId: 4 } });
      await prisma.route.create({ data: { targetId: 2, proxyId: 1, locationId: 4, assigned: false } });
    }
    let id = HUB_PAIRS.length;
    for (const _location of [2, 3]) for (const targetId of [1, 2, 3]) for (const _proxy of [1, 2]) routeTargets.set(++id, targetId);
    routeTargets.set(++id, 1);
    routeTargets.set(++id, 2);
    await recordOnBoth(batches([...routeTargets.keys()], (routeId) => routeTargets.get(routeId)!, 60, 5));
    // A pair added since, never probed (no last probe, no summary), at the hub and at tokyo: rows 39 and 40.
    for (const prisma of two.prismas) {
      for (const locationId of [1, 2]) await prisma.route.create({ data: { targetId: 7, proxyId: 1, locationId } });
    }
    await compareRouteStore();
    const fresh = await same((store) => store.routes.list({ routeId: 40 }));
    expect(fresh[0]).toMatchObject({ id: 39, state: "unknown", last: null, windowsAt: null });
    // Tokyo goes silent too: pairs probed only from offline agents and the hub.
    for (const prisma of two.prismas) await prisma.location.update({ where: { id: 2 }, data: { online: false } });
    await compareRouteStore();
    for (const prisma of two.prismas) await prisma.location.update({ where: { id: 2 }, data: { online: true } });
    const counts = await same((store) => store.routes.countByState(null));
    expect(Object.values(counts).filter((n) => n > 0).length).toBeGreaterThan(2);
  });
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Route rows with many results, few, agent rows, one never probed, one that does not exist. */
const HISTORY_ROUTES = [1, 2, 3, 7, 25, 31, 34, 999];

describe("the PostgreSQL history store answers as the SQLite one", () => {
  it("records results that tie on their time (the pages' order then goes by id)", async () => {
    const at = clock + 1000;
    const tied = [0, 1, 2, 3].map((i) => ({ routeId: 1, targetId: 1, result: makeResult(i % 2 ? "timeout" : "ok", at, 100 + i) }));
    await recordOnBoth([tied]);
    for (const prisma of two.prismas) await prisma.incident.updateMany({ where: { id: 2 }, data: { note: "Upstream maintenance" } });
  });

  it("lists results and pages through them (ranges, failures only, cursors)", async () => {
    for (const routeId of HISTORY_ROUTES) {
      const all = await same((store) => store.history.listResults({ routeId, from: 0, to: clock + DAY, limit: 1000 }));
      await same((store) => store.history.listResults({ routeId, from: T0 + HOUR, to: T0 + 3 * HOUR, limit: 1000 }));
      await same((store) => store.history.listResults({ routeId, from: 0, to: clock + DAY, limit: 7, failuresOnly: true }));
      for (const row of [all[0], all[3], all[Math.floor(all.length / 2)], all.at(-1)]) {
        if (!row) continue;
        const before = { at: Date.parse(row.at), id: row.id };
        await same((store) => store.history.listResults({ routeId, from: 0, to: clock + DAY, limit: 5, before }));
        await same((store) => store.history.listResults({ routeId, from: 0, to: clock + DAY, limit: 5, failuresOnly: true, before }));
        await same((store) => store.history.findResultCursor(routeId, row.id));
        await same((store) => store.history.findResultCursor(routeId + 1, row.id));
      }
    }
    await same((store) => store.history.findResultCursor(1, 99_999_999));
    const first = await same((store) => store.history.listResults({ routeId: 1, from: 0, to: clock + DAY, limit: 1000 }));
    expect(first.length).toBeGreaterThan(20);
    expect(new Set(first.map((row) => row.at)).size).toBeLessThan(first.length);
    expect(first.some((row) => row.stream !== null)).toBe(true);
  });

  it("lists success times, export pages, rollups, months, stream samples", async () => {
    for (const routeId of HISTORY_ROUTES) {
      await same((store) => store.history.listSuccessTimes({ routeId, after: 0, before: clock + DAY }));
      await same((store) => store.history.listSuccessTimes({ routeId, after: T0 + HOUR, before: T0 + 2 * HOUR }));
      let after = { at: 0, id: 0 };
      for (let page = 0; page < 100; page++) {
        const rows = await same((store) => store.history.listExportPage({ routeId, to: clock - HOUR, after, limit: 7 }));
        if (rows.length === 0) break;
        after = { at: rows.at(-1)!.at, id: rows.at(-1)!.id };
      }
      for (const size of ["minute", "hour"] as const) {
        await same((store) => store.history.listRollups({ routeId, size, from: 0, to: clock + DAY }));
        await same((store) => store.history.listRollups({ routeId, size, from: T0 + HOUR, to: T0 + 2 * HOUR + 60_000 }));
      }
      const months = await same((store) => store.history.sumMonths({ routeId, from: 0, to: clock + DAY }));
      if (routeId === 1) expect(months.map((row) => row.month)).toEqual(["2026-11", "2026-12"]);
      await same((store) => store.history.sumMonths({ routeId, from: T0 + 4 * HOUR, to: clock }));
      await same((store) => store.history.listStreamSamples({ routeId, from: 0, to: clock + DAY }));
      await same((store) => store.history.listStreamSamples({ routeId, from: T0 + HOUR, to: T0 + 2 * HOUR }));
    }
  });

  it("lists incidents, newest first, of all routes or some", async () => {
    const all = await same((store) => store.history.listIncidents({ from: 0, to: clock + DAY, limit: 1000 }));
    expect(all.length).toBeGreaterThan(3);
    expect(all.some((incident) => incident.endedAt === null) && all.some((incident) => incident.note !== null)).toBe(true);
    await same((store) => store.history.listIncidents({ from: T0 + HOUR, to: T0 + 4 * HOUR, limit: 3 }));
    for (const routeIds of [[], [3], [3, 25, 27, 999], [...routeTargets.keys()]]) {
      await same((store) => store.history.listIncidents({ from: 0, to: clock + DAY, limit: 50, routeIds }));
    }
  });
});

describe("the PostgreSQL status, dashboard and metrics stores answer as the SQLite ones", () => {
  const day = Math.floor(T0 / DAY) * DAY;

  it("status: probes per day, location rows' pairs, public hosts", async () => {
    for (const from of [0, day, day + DAY, day + 5 * DAY]) await same((store) => store.status.sumDays(from));
    const days = await same((store) => store.status.sumDays(day));
    expect(new Set(days.map((row) => row.day)).size).toBe(2);
    const pairs = await same((store) => store.status.pairIdsOfLocationRows());
    expect(pairs.size).toBeGreaterThan(0);
    await sameRows((store) => store.status.listPublicHosts());
  });

  it("dashboard: quotas (a target never probed, a snapshot from an agent), hour counts, probing locations", async () => {
    const quotas = await same((store) => store.dashboard.listQuotas());
    expect(quotas.some((quota) => quota.at === null) && quotas.some((quota) => quota.location !== null)).toBe(true);
    for (const routeIds of [[], [1, 2, 25, 999], [25, 3, 1, 30], [...routeTargets.keys()], [...routeTargets.keys()].reverse()]) {
      for (const from of [0, T0 + 3 * HOUR]) await same((store) => store.dashboard.listHourCounts({ routeIds, from }));
    }
    await same((store) => store.dashboard.listProbingLocations());
  });

  it("metrics: routes, counters, latency histograms, locations, quotas, token days", async () => {
    await same((store) => store.metrics.listRoutes());
    expect((await sameRows((store) => store.metrics.listProbeCounts())).length).toBeGreaterThan(50);
    await same((store) => store.metrics.listLatencyCounts());
    await same((store) => store.metrics.listLocations());
    await same((store) => store.metrics.listQuotas());
    for (const at of [day, day + DAY, day - DAY]) await same((store) => store.metrics.listTargetDays(at));
    expect((await same((store) => store.metrics.listTargetDays(day + DAY))).some((row) => row.probes > 0 && row.completionTokens > 0)).toBe(true);
  });
});
