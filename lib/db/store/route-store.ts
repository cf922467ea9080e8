import type { PauseCause } from "../../monitoring/apply-pauses";
import type { RouteWindows } from "../../monitoring/route-windows";
import type { RouteState } from "../../monitoring/route-state";

export interface RouteListing {
  id: number;
  proxyId: number;
  proxyName: string;
  targetId: number;
  targetName: string;
  /** What the route is probed with: its target's provider and kind. */
  provider: string;
  probe: string;
  /** The route's own switch (pausedBy says whether it is probed on schedule). */
  enabled: boolean;
  /** Why it is paused, route first; empty when it is probed on schedule. */
  pausedBy: PauseCause[];
  /** Its target is manual-only: never probed on schedule, so its state is that of the last probe asked for (not stale, not down for want of probes). */
  manualOnly: boolean;
  /** The route's own settings (null: its target's). */
  overrides: { intervalSeconds: number | null; latencyThresholdMs: number | null; latencyWindow: number | null };
  /** The latency threshold in force (the route's, else its target's) and its window. */
  latency: { thresholdMs: number | null; window: number };
  /** The target's own settings, which the route's overrides replace. */
  targetSettings: { intervalSeconds: number | null; latencyThresholdMs: number | null; latencyWindow: number | null };
  state: RouteState;
  stateSince: string | null;
  last: { ok: boolean; kind: string; totalMs: number | null; at: string } | null;
  /** The newest failed probe. */
  lastFailure: { kind: string; at: string } | null;
  windows: RouteWindows;
  /** Scheduled slots not probed because the previous probe was still queued or running (or the timer fired an interval late). */
  skippedSlots: number;
  /** When the window figures were computed (they refresh every minute). */
  windowsAt: string | null;
  /**
   * Where the pair is probed from (its assigned rows: the hub first, then by
   * name), each with its own state and last probe. The fields above sum up
   * over these: see lib/locations/pair-listing.ts.
   */
  locations: RouteLocation[];
}

export interface RouteLocation {
  /** The route row at this location (its results, series and incidents are under this id). */
  id: number;
  name: string;
  region: string | null;
  /** False while the location's agent is silent: its state is the last it reported, and does not count in the pair's. */
  online: boolean;
  state: RouteState;
  stateSince: string | null;
  last: RouteListing["last"];
  lastFailure: RouteListing["lastFailure"];
}

/** A pair's row at one location with the figures its pair is summed up from (lib/locations/pair-listing.ts). */
export interface PairLocationFigures {
  location: RouteLocation;
  windows: RouteWindows;
  /** When its window figures were computed (ms), null before the first time. */
  computedAt: number | null;
  skippedSlots: number;
}

export interface RoutePageQuery {
  state?: RouteState;
  /** A target's whole name, ignoring (ASCII) case. */
  target?: string;
  /** A proxy's whole name, ignoring (ASCII) case. */
  proxy?: string;
  /** Words, each found anywhere in "target via proxy", ignoring (ASCII) case. */
  q?: string;
  sort: "name" | "worst";
  /** Rows to return; null for every matching route. */
  limit: number | null;
  offset: number;
  /** proxypulse.yaml's minLocations (null or absent: a majority of each pair's locations). */
  minLocations?: number | null;
}

export interface RoutePage {
  routes: RouteListing[];
  /** How many routes match the filters (all pages). */
  total: number;
}

/** The names a route row is known by in the log: "proxy/target at location". */
export interface RouteNamesAtLocation {
  proxyName: string;
  targetName: string;
  locationName: string;
}

/** Where a route row is probed, and its pair's row at the hub (null when the pair has none). */
export interface RoutePlace {
  locationId: number;
  location: string;
  hubRouteId: number | null;
}

/** A location by name, and whether its agent is silent now. */
export interface LocationPresence {
  id: number;
  name: string;
  offline: boolean;
}

/**
 * The route listings: every pair (proxy × target) with its state over its
 * locations, last probe and window figures, and the lookups around them.
 */
export interface RouteStore {
  /** Every pair, by target then proxy name (`routeId`: only the pair of that row, at whichever location it is). */
  list(filter?: { routeId?: number; minLocations?: number | null }): Promise<RouteListing[]>;
  /** The routes probed from one location, each with that location's own state and figures (id: its pair's). */
  listAtLocation(locationId: number): Promise<RouteListing[]>;
  /** One page of the listing, filtered, sorted and cut by the engine, and how many match in all. */
  listPage(query: RoutePageQuery): Promise<RoutePage>;
  /** Pairs by state (over their locations) over every pair. */
  countByState(minLocations: number | null): Promise<Record<RouteState, number>>;
  /** Every target's and proxy's name, sorted. */
  listNames(): Promise<{ targets: string[]; proxies: string[] }>;
  /** When each of these route rows was last probed (wall ms), by whichever process; rows never probed are left out. */
  lastProbeTimes(routeIds: number[]): Promise<Map<number, number>>;
  /** The names of a route row (at any location), or undefined when it is gone. */
  namesAtLocation(routeId: number): Promise<RouteNamesAtLocation | undefined>;
  /** Where a route row is probed, or null when there is no such row. */
  placeOf(routeId: number): Promise<RoutePlace | null>;
  /** A location by its name, or null. */
  findLocation(name: string): Promise<LocationPresence | null>;
  /** Every location's name, the hub first, then by name. */
  listLocationNames(): Promise<string[]>;
  /** Whether a target of that name exists. */
  targetExists(name: string): Promise<boolean>;
  /** The names of targets with an enabled route, sorted (the ones the public status page shows). */
  listTargetNamesWithEnabledRoutes(): Promise<string[]>;
}
