import type { Store } from "../db/store/store";
import { parseProxySpec } from "../routes/parse-proxy-spec";
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
  /** Whether the last probe succeeded (null before the first one): a failed probe has no latency to show. */
  lastOk: boolean | null;
  /** When the route entered its current state (null if it never changed). */
  stateSince: string | null;
  /** Probed only when an admin asks: shown, but not counted in the overall state (no schedule watches it). */
  manualOnly?: true;
  /** Only when an admin marked the target's host public. */
  targetHost?: string;
  /** Only when an admin marked the proxy's host public (host:port, never credentials). */
  proxyHost?: string;
  /** Only for a route probed from more than one location: each location's name and state (`state` above is over them all). */
  locations?: Array<{ name: string; state: RouteState; online: boolean }>;
}

/** Paused routes do not count towards the overall state: nobody watches them. */
export type OverallState = Exclude<RouteState, "paused">;

export interface PublicStatus {
  overall: OverallState;
  updatedAt: string;
  routes: PublicRouteStatus[];
}

/**
 * The public summary: names and health only. No hosts, ports, URLs,
 * credentials or keys are read here, so none can leak.
 */
export async function getPublicStatus(store: Store, now: number = Date.now(), minLocations: number | null = null): Promise<PublicStatus> {
  const hosts = await publicHosts(store);
  // Paused routes are shown as "Paused" (a route that vanished would read as gone), never as down.
  // A route probed from several places is one line, its state over them (lib/locations/aggregate-state.ts).
  const routes = (await store.routes.list({ minLocations }))
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
      lastOk: route.last?.ok ?? null,
      stateSince: route.stateSince,
      ...(route.manualOnly ? { manualOnly: true as const } : {}),
      ...hosts.get(route.id),
      ...(route.locations.length > 1 ? { locations: route.locations.map((location) => ({ name: location.name, state: location.state, online: location.online })) } : {}),
    }));
  // Manual-only routes are not watched either: a failed manual probe days ago must not read as an outage now.
  const watched = routes
    .filter((route) => !route.manualOnly)
    .map((route) => route.state)
    .filter((state): state is OverallState => state !== "paused");
  return { overall: overallState(watched), updatedAt: new Date(now).toISOString(), routes };
}

/**
 * Per target, the best route counts (a target is reachable if any route is
 * up); overall is the worst of the targets.
 */
function overallState(states: OverallState[]): OverallState {
  if (states.length === 0 || states.every((state) => state === "unknown")) return "unknown";
  if (states.every((state) => state === "up" || state === "unknown")) return "up";
  if (states.every((state) => state === "down")) return "down";
  return "degraded";
}

/** The hosts an admin chose to show (per route), and nothing else from the URLs. */
export async function publicHosts(store: Store): Promise<Map<number, { targetHost?: string; proxyHost?: string }>> {
  const rows = await store.status.listPublicHosts();
  const hosts = new Map<number, { targetHost?: string; proxyHost?: string }>();
  for (const row of rows) {
    const entry: { targetHost?: string; proxyHost?: string } = {};
    if (row.targetPublic) entry.targetHost = new URL(row.baseUrl).hostname;
    if (row.proxyPublic) {
      const spec = parseProxySpec(row.proxyUrl);
      if (spec.protocol !== "direct" && spec.protocol !== "env") entry.proxyHost = `${spec.host}:${spec.port}`;
    }
    hosts.set(row.routeId, entry);
  }
  return hosts;
}
