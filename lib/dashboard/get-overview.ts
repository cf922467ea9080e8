import type { Sqlite } from "../db/sqlite";
import type { RouteListing } from "../monitoring/list-routes";
import { countRoutesByState, listRouteNames, listRoutePage } from "../monitoring/list-route-page";
import type { RouteState } from "../monitoring/route-state";
import { bucketStart, HOUR_MS } from "../monitoring/rollup-bucket";
import type { OverviewFilter } from "./filter-routes";
import { listQuotas, type TargetQuota } from "./list-quotas";

export interface UptimeSlot {
  start: string;
  total: number;
  ok: number;
  topKind: string | null;
}

export interface OverviewRoute extends RouteListing {
  uptimeBar: UptimeSlot[];
}

export interface Overview {
  /** The routes of this page. */
  routes: OverviewRoute[];
  /** Routes matching the filters, over all pages. */
  matching: number;
  /** Every route, and every route by state: filters and paging aside. */
  all: number;
  counts: Record<RouteState, number>;
  /** The page shown (clamped to the last one) and how many there are (at least 1). */
  page: number;
  pages: number;
  /** The filters' choices. */
  names: { targets: string[]; proxies: string[] };
  quotas: TargetQuota[];
  now: string;
}

const SLOTS = 24;

/**
 * Everything the overview shows: one page of routes (filtered, sorted and cut
 * in SQL) with their last result and a 24-slot uptime bar, the counts by
 * state over all routes, and quota per target.
 */
export function getOverview(db: Sqlite, filter: OverviewFilter, now: number = Date.now()): Overview {
  const query = { state: filter.state, target: filter.target, proxy: filter.proxy, q: filter.q, sort: filter.sort, limit: filter.per };
  let page = filter.page;
  let result = listRoutePage(db, { ...query, offset: (page - 1) * filter.per });
  const pages = Math.max(1, Math.ceil(result.total / filter.per));
  // A page past the end (an old link, a hand-typed number) shows the last one.
  if (page > pages) {
    page = pages;
    result = listRoutePage(db, { ...query, offset: (page - 1) * filter.per });
  }
  const counts = countRoutesByState(db);
  return {
    routes: withUptimeBars(db, result.routes, now),
    matching: result.total,
    all: Object.values(counts).reduce((sum, n) => sum + n, 0),
    counts,
    page,
    pages,
    names: listRouteNames(db),
    quotas: listQuotas(db),
    now: new Date(now).toISOString(),
  };
}

/** The last 24 hours of these routes' hour rollups, read by primary key for the page's routes only. */
function withUptimeBars(db: Sqlite, routes: RouteListing[], now: number): OverviewRoute[] {
  const firstSlot = bucketStart(now, HOUR_MS) - (SLOTS - 1) * HOUR_MS;
  const bars = new Map<number, UptimeSlot[]>();
  for (const route of routes) {
    bars.set(
      route.id,
      Array.from({ length: SLOTS }, (_, i) => ({ start: new Date(firstSlot + i * HOUR_MS).toISOString(), total: 0, ok: 0, topKind: null })),
    );
  }
  const rows = db
    .prepare(`SELECT routeId, bucket, total, okCount, kindCounts FROM "RollupHour" WHERE routeId IN (SELECT value FROM json_each(?)) AND bucket >= ?`)
    .all(JSON.stringify(routes.map((route) => route.id)), firstSlot) as Array<{
    routeId: number;
    bucket: number;
    total: number;
    okCount: number;
    kindCounts: string;
  }>;
  for (const row of rows) {
    const slot = bars.get(row.routeId)?.[Math.floor((row.bucket - firstSlot) / HOUR_MS)];
    if (!slot) continue;
    slot.total = row.total;
    slot.ok = row.okCount;
    const failures = Object.entries(JSON.parse(row.kindCounts) as Record<string, number>).filter(([kind]) => kind !== "ok");
    slot.topKind = failures.sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }
  return routes.map((route) => ({ ...route, uptimeBar: bars.get(route.id) ?? [] }));
}
