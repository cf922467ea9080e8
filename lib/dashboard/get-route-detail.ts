import type { RouteListing, RouteLocation } from "../db/store/route-store";
import type { Store } from "../db/store/store";
import { getRouteSeries, type RouteSeries } from "../monitoring/get-route-series";
import { getRouteOrThrow } from "../monitoring/route-queries";
import { HOUR_MS, MINUTE_MS } from "../monitoring/rollup-bucket";
import { getStreamSeries, type StreamPoint } from "./get-stream-series";
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
  quota: TargetQuota | null;
  /** What the route is probed with: its target's provider and kind. */
  probe: { provider: string; kind: string; streaming: boolean };
  /** Time to first token and output speed per step, for a streaming kind (null otherwise). */
  stream: StreamPoint[] | null;
  /**
   * The row whose charts, failures and incidents the page shows: the chosen
   * location's (`?location=`), else the row asked for, else the hub's.
   * `location` is null for a route probed from one location.
   */
  view: { routeId: number; location: RouteLocation | null };
}

/** The [from, to) a range covers, to the end of its current step (the recent-failures list reads the same span). */
export function rangeWindow(range: RangeName, now: number): { from: number; to: number } {
  const { spanMs, stepMs } = RANGES[range];
  const to = Math.ceil((now + 1) / stepMs) * stepMs;
  return { from: to - spanMs, to };
}

/** A route's page: its state, chart series for the range (from rollups) and its quota (failures: see get-recent-failures). */
export async function getRouteDetail(store: Store, routeId: number, range: RangeName, now: number = Date.now(), locationName?: string, minLocations: number | null = null): Promise<RouteDetail> {
  const route = await getRouteOrThrow(store, routeId, minLocations);
  const location = route.locations.find((place) => place.name === locationName) ?? route.locations.find((place) => place.id === routeId) ?? route.locations.find((place) => place.id === route.id) ?? route.locations[0];
  const viewId = location?.id ?? route.id;
  const { stepMs } = RANGES[range];
  const { from, to } = rangeWindow(range, now);
  const streaming = route.probe.endsWith("-stream");
  return {
    route,
    range,
    series: await getRouteSeries(store, viewId, from, to, stepMs),
    quota: (await listQuotas(store)).find((quota) => quota.targetId === route.targetId) ?? null,
    probe: { provider: route.provider, kind: route.probe, streaming },
    stream: streaming ? await getStreamSeries(store, viewId, from, to, stepMs) : null,
    view: { routeId: viewId, location: route.locations.length > 1 ? (location ?? null) : null },
  };
}
