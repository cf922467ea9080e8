import type { RouteListing } from "../db/store/route-store";
import type { Store } from "../db/store/store";
import type { RouteState } from "../monitoring/route-state";

export interface HealthAtAGlance {
  /** Routes by state ("paused" included). */
  counts: Record<RouteState, number>;
  routes: number;
  /** The median of its routes' 1-hour p50s (from the per-minute summaries); null when none has one. */
  p50Ms: number | null;
  /** Its newest failed probe over all its routes. */
  lastFailure: { at: string; kind: string; routeId: number; targetName: string; proxyName: string } | null;
}

const emptyCounts = (): Record<RouteState, number> => ({ up: 0, degraded: 0, down: 0, paused: 0, unknown: 0 });

/** The median, by the middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Health per proxy or per target from the route listing (one indexed read
 * of routes and their summaries, however many proxies and targets): counts
 * by state, the median p50 of its routes, and its last failure with the
 * route it happened on (named by the other side: the target for a proxy).
 */
export function summarizeHealth(routes: RouteListing[], by: "proxy" | "target"): Map<number, HealthAtAGlance> {
  const groups = new Map<number, RouteListing[]>();
  for (const route of routes) {
    const key = by === "proxy" ? route.proxyId : route.targetId;
    groups.set(key, [...(groups.get(key) ?? []), route]);
  }
  const health = new Map<number, HealthAtAGlance>();
  for (const [key, members] of groups) {
    const counts = emptyCounts();
    for (const route of members) counts[route.state] += 1;
    const p50s = members.map((route) => route.windows["1h"].p50).filter((value): value is number => value !== null);
    const failed = members.filter((route) => route.lastFailure !== null).sort((a, b) => Date.parse(b.lastFailure!.at) - Date.parse(a.lastFailure!.at))[0];
    health.set(key, {
      counts,
      routes: members.length,
      p50Ms: median(p50s),
      lastFailure: failed
        ? { at: failed.lastFailure!.at, kind: failed.lastFailure!.kind, routeId: failed.id, targetName: failed.targetName, proxyName: failed.proxyName }
        : null,
    });
  }
  return health;
}

/** Health of every proxy or target, keyed by its id. */
export async function getHealthAtAGlance(store: Store, by: "proxy" | "target"): Promise<Map<number, HealthAtAGlance>> {
  return summarizeHealth(await store.routes.list(), by);
}
