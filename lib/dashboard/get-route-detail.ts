import type { Sqlite } from "../db/sqlite";
import { getRouteSeries, type RouteSeries } from "../monitoring/get-route-series";
import { listRouteResults, type StoredResult } from "../monitoring/list-route-results";
import type { RouteListing } from "../monitoring/list-routes";
import { getRouteOrThrow } from "../monitoring/route-queries";
import { HOUR_MS, MINUTE_MS } from "../monitoring/rollup-bucket";
import { listQuotas, type TargetQuota } from "./list-quotas";

export const RANGES = {
  "1h": { spanMs: HOUR_MS, stepMs: MINUTE_MS },
  "24h": { spanMs: 24 * HOUR_MS, stepMs: 15 * MINUTE_MS },
  "7d": { spanMs: 7 * 24 * HOUR_MS, stepMs: HOUR_MS },
  "30d": { spanMs: 30 * 24 * HOUR_MS, stepMs: 4 * HOUR_MS },
} as const;
export type RangeName = keyof typeof RANGES;

export function parseRange(value: string | undefined): RangeName {
  return value && value in RANGES ? (value as RangeName) : "24h";
}

export interface RouteDetail {
  route: RouteListing;
  range: RangeName;
  series: RouteSeries;
  failures: StoredResult[];
  quota: TargetQuota | null;
}

/** A route's page: its state, chart series for the range (from rollups), and its recent failures. */
export function getRouteDetail(db: Sqlite, routeId: number, range: RangeName, now: number = Date.now()): RouteDetail {
  const route = getRouteOrThrow(db, routeId);
  const { spanMs, stepMs } = RANGES[range];
  const to = Math.ceil((now + 1) / stepMs) * stepMs;
  const from = to - spanMs;
  return {
    route,
    range,
    series: getRouteSeries(db, routeId, from, to, stepMs),
    failures: listRouteResults(db, routeId, { from, to: now + 1, limit: 20, failuresOnly: true }),
    quota: listQuotas(db).find((quota) => quota.targetId === route.targetId) ?? null,
  };
}
