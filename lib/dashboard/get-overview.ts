import type { RouteListing } from "../db/store/route-store";
import type { Store } from "../db/store/store";
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
  /** The locations routes are probed from (the hub first); the overview shows a column per location when there is more than one. */
  locations: Array<{ id: number; name: string }>;
}

const SLOTS = 24;

/**
 * Everything the overview shows: one page of routes (filtered, sorted and cut
 * in SQL) with their last result and a 24-slot uptime bar, the counts by
 * state over all routes, and quota per target.
 */
export async function getOverview(store: Store, filter: OverviewFilter, now: number = Date.now(), minLocations: number | null = null): Promise<Overview> {
  const query = { state: filter.state, target: filter.target, proxy: filter.proxy, q: filter.q, sort: filter.sort, limit: filter.per, minLocations };
  let page = filter.page;
  let result = await store.routes.listPage({ ...query, offset: (page - 1) * filter.per });
  const pages = Math.max(1, Math.ceil(result.total / filter.per));
  // A page past the end (an old link, a hand-typed number) shows the last one.
  if (page > pages) {
    page = pages;
    result = await store.routes.listPage({ ...query, offset: (page - 1) * filter.per });
  }
  const counts = await store.routes.countByState(minLocations);
  return {
    routes: await withUptimeBars(store, result.routes, now),
    matching: result.total,
    all: Object.values(counts).reduce((sum, n) => sum + n, 0),
    counts,
    page,
    pages,
    names: await store.routes.listNames(),
    quotas: await listQuotas(store),
    now: new Date(now).toISOString(),
    locations: await store.dashboard.listProbingLocations(),
  };
}

/** The last 24 hours of these routes' hour rollups (over each pair's locations), read by primary key for the page's routes only. */
async function withUptimeBars(store: Store, routes: RouteListing[], now: number): Promise<OverviewRoute[]> {
  const firstSlot = bucketStart(now, HOUR_MS) - (SLOTS - 1) * HOUR_MS;
  const bars = new Map<number, UptimeSlot[]>();
  // A pair's rows at every location count in its bar (as in its uptime figures).
  const pairOf = new Map<number, number>();
  for (const route of routes) {
    bars.set(
      route.id,
      Array.from({ length: SLOTS }, (_, i) => ({ start: new Date(firstSlot + i * HOUR_MS).toISOString(), total: 0, ok: 0, topKind: null })),
    );
    pairOf.set(route.id, route.id);
    for (const location of route.locations) pairOf.set(location.id, route.id);
  }
  const rows = await store.dashboard.listHourCounts({ routeIds: [...pairOf.keys()], from: firstSlot });
  const failures = new Map<UptimeSlot, Map<string, number>>();
  for (const row of rows) {
    const slot = bars.get(pairOf.get(row.routeId)!)?.[Math.floor((row.bucket - firstSlot) / HOUR_MS)];
    if (!slot) continue;
    slot.total += row.total;
    slot.ok += row.okCount;
    const kinds = failures.get(slot) ?? new Map<string, number>();
    failures.set(slot, kinds);
    for (const [kind, n] of Object.entries(row.kindCounts)) if (kind !== "ok") kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  }
  for (const [slot, kinds] of failures) slot.topKind = [...kinds].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return routes.map((route) => ({ ...route, uptimeBar: bars.get(route.id) ?? [] }));
}
