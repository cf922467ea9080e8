import type { Sqlite } from "../db/sqlite";
import { listRoutes } from "../monitoring/list-routes";
import type { RouteState } from "../monitoring/route-state";

export interface PublicRouteStatus {
  id: number;
  name: string;
  target: string;
  proxy: string;
  state: RouteState;
  uptime24h: number | null;
  uptime7d: number | null;
  p50Ms1h: number | null;
  lastCheckedAt: string | null;
}

export interface PublicStatus {
  overall: RouteState;
  updatedAt: string;
  routes: PublicRouteStatus[];
}

/**
 * The public summary: names and health only. No hosts, ports, URLs,
 * credentials or keys are read here, so none can leak.
 */
export function getPublicStatus(db: Sqlite, now: number = Date.now()): PublicStatus {
  const routes = listRoutes(db)
    .filter((route) => route.enabled)
    .map((route) => ({
      id: route.id,
      name: `${route.targetName} via ${route.proxyName}`,
      target: route.targetName,
      proxy: route.proxyName,
      state: route.state,
      uptime24h: route.windows["24h"].uptime,
      uptime7d: route.windows["7d"].uptime,
      p50Ms1h: route.windows["1h"].p50,
      lastCheckedAt: route.last?.at ?? null,
    }));
  return { overall: overallState(routes.map((route) => route.state)), updatedAt: new Date(now).toISOString(), routes };
}

/**
 * Per target, the best route counts (a target is reachable if any route is
 * up); overall is the worst of the targets.
 */
function overallState(states: RouteState[]): RouteState {
  if (states.length === 0 || states.every((state) => state === "unknown")) return "unknown";
  if (states.every((state) => state === "up" || state === "unknown")) return "up";
  if (states.every((state) => state === "down")) return "down";
  return "degraded";
}
