import type { LocationPresence, RouteListing } from "../db/store/route-store";
import type { Store } from "../db/store/store";
import { AppError, NotFoundError } from "../http/app-error";

export interface RouteEvidence {
  routeId: number;
  proxyName: string;
  state: string;
  /** Share of successful probes in the last hour. */
  successRate: number | null;
  p50Ms: number | null;
  probesLastHour: number;
  lastProbeAt: string | null;
}

export interface BestRouteAnswer {
  target: string;
  /** The location whose routes were weighed (absent: the hub's own, as before locations). */
  location?: { id: number; name: string };
  best: RouteEvidence | null;
  /** Every route of the target with why it was not chosen (null for the best). */
  candidates: Array<RouteEvidence & { rejected: string | null }>;
  /** Why no route qualifies, when none does. */
  reason: string | null;
}

/**
 * The healthiest, fastest route to a target now, as seen from one location
 * (`locationName`; absent: the hub itself): state up there, at least
 * `minSuccessRate` of the last hour's probes from there successful, then the
 * lowest p50. A route that flaps stays out however fast it is.
 */
export async function findBestRoute(store: Store, targetName: string, minSuccessRate: number, locationName?: string): Promise<BestRouteAnswer> {
  const location = locationName === undefined ? null : await findLocationOrThrow(store, locationName);
  const routes = (await store.routes.listAtLocation(location?.id ?? 1)).filter((route) => route.targetName === targetName);
  if (routes.length === 0) {
    if (await store.routes.targetExists(targetName)) throw new NotFoundError(`Routes of target "${targetName}"${location ? ` probed from location "${location.name}"` : ""}`);
    throw await unknownTarget(store, targetName);
  }
  // An agent gone silent: its rows say what it saw before, not now (lib/locations/aggregate-state.ts), so none is recommended on them.
  const silent = location?.offline ? `location ${location.name} offline (its agent has not been heard from for over a minute)` : null;
  const judged = routes.map((route) => ({ ...evidence(route), rejected: silent ?? rejection(route, minSuccessRate) }));
  const qualified = judged.filter((route) => route.rejected === null).sort((a, b) => (a.p50Ms ?? Infinity) - (b.p50Ms ?? Infinity));
  const best = qualified[0] ?? null;
  for (const route of qualified.slice(1)) route.rejected = `slower: p50 ${Math.round(route.p50Ms ?? 0)} ms against ${Math.round(best!.p50Ms ?? 0)} ms`;
  return {
    target: targetName,
    ...(location ? { location: { id: location.id, name: location.name } } : {}),
    best: best ? (({ rejected: _rejected, ...rest }) => rest)(best) : null,
    candidates: judged,
    reason: best ? null : silent ? `no route to "${targetName}" can be recommended from ${silent}` : `no route to "${targetName}" is healthy: ${judged.map((route) => `${route.proxyName} (${route.rejected})`).join("; ")}`,
  };
}

function evidence(route: RouteListing): RouteEvidence {
  const hour = route.windows["1h"];
  return {
    routeId: route.id,
    proxyName: route.proxyName,
    state: route.state,
    successRate: hour.uptime,
    p50Ms: hour.p50,
    probesLastHour: hour.total,
    lastProbeAt: route.last?.at ?? null,
  };
}

function rejection(route: RouteListing, minSuccessRate: number): string | null {
  if (route.pausedBy.length) return `paused (${route.pausedBy.join(", ")})`;
  if (route.state !== "up") return `state ${route.state}`;
  const hour = route.windows["1h"];
  if (hour.total === 0 || hour.uptime === null) return "no probes in the last hour";
  if (hour.uptime < minSuccessRate) return `success rate ${(hour.uptime * 100).toFixed(1)}% below ${(minSuccessRate * 100).toFixed(0)}%`;
  if (hour.p50 === null) return "no successful probe to time";
  return null;
}

/**
 * A 404 that lists the targets there are, so a typo is easy to see. The
 * endpoint is public: only targets with an enabled route are named, the ones
 * the public status page shows anyway.
 */
async function unknownTarget(store: Store, targetName: string): Promise<AppError> {
  const names = await store.routes.listTargetNamesWithEnabledRoutes();
  const known = names.length ? `the targets are: ${names.join(", ")}` : "there are no targets yet";
  return new AppError("not_found", `Target "${targetName}" not found; ${known}.`, 404);
}

/** A location by its name, or a 404 that names the locations there are. */
async function findLocationOrThrow(store: Store, name: string): Promise<LocationPresence> {
  const found = await store.routes.findLocation(name);
  if (found) return found;
  const names = await store.routes.listLocationNames();
  throw new AppError("not_found", `Location "${name}" not found; the locations are: ${names.join(", ")}.`, 404);
}
