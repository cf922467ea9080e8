import type { RouteState } from "../monitoring/route-state";

/**
 * A proxy × target pair is probed from one or more locations; each location's
 * row has its own state. The pair's state, shown, filtered on and announced,
 * is decided here and only here (the TypeScript rule and its SQL twin, kept
 * in step by a table test):
 *
 * - paused when every one of its locations is paused (a paused row is left out otherwise);
 * - down when at least `minLocations` of the others say down (default a
 *   majority, floor(n / 2) + 1; never more than n, so a pair probed from one
 *   place is down when that place says so);
 * - a location whose agent is offline has no say: its row's last state is
 *   not counted (it tells what the agent saw before it went silent, not now),
 *   but the location still counts towards the quorum, since it was meant to
 *   have a say (else the hub alone, when an outage of its own network also
 *   cut its agents off, would announce every route down);
 * - degraded when some location says down or degraded but fewer than that;
 * - up when some location says up and none down or degraded (a location
 *   that has not probed yet does not hold the others back);
 * - unknown when none has a state yet, or every location not paused is offline.
 *
 * With a single location the pair's state is that location's state.
 */
export function aggregateState(states: readonly LocationState[], minLocations: number | null): RouteState {
  const counts = countStates(states);
  const voters = counts.total - counts.paused;
  if (counts.total === 0) return "unknown";
  if (voters === 0) return "paused";
  if (voters === counts.offline) return "unknown";
  if (counts.down >= downQuorum(voters, minLocations)) return "down";
  if (counts.down + counts.degraded > 0) return "degraded";
  if (counts.up > 0) return "up";
  return "unknown";
}

/** How many locations must say down for the pair to be down: `minLocations`, else a majority, at most every location. */
export function downQuorum(locations: number, minLocations: number | null): number {
  return Math.max(1, Math.min(minLocations ?? Math.floor(locations / 2) + 1, locations));
}

/** A location's say in its pair's state: its row's state, or "offline" while its agent is silent (a paused row stays paused: that was someone's choice). */
export type LocationState = RouteState | "offline";

export function locationState(state: RouteState, online: boolean): LocationState {
  return online || state === "paused" ? state : "offline";
}

export interface StateCounts {
  total: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  paused: number;
  offline: number;
}

export function countStates(states: readonly LocationState[]): StateCounts {
  const counts: StateCounts = { total: states.length, up: 0, degraded: 0, down: 0, unknown: 0, paused: 0, offline: 0 };
  for (const state of states) counts[state] += 1;
  return counts;
}

/** SQL expressions for a pair's counts of rows by state. */
export interface StateCountsSql {
  total: string;
  up: string;
  degraded: string;
  down: string;
  paused: string;
  offline: string;
}

/** SQL for "the location `alias` is an agent gone silent" (the hub itself is never offline). */
export function offlineSql(alias: string): string {
  return `(${alias}.kind = 'agent' AND ${alias}.online = 0)`;
}

/**
 * The counts as aggregates over the rows of `route` (the pair's assigned
 * rows, grouped or in a correlated subquery) joined to their locations as
 * `location`.
 */
export function stateCountsSql(route: string, location: string): StateCountsSql {
  const offline = offlineSql(location);
  const count = (state: string) => `TOTAL(${route}.state = '${state}' AND NOT ${offline})`;
  return {
    total: "COUNT(*)",
    up: count("up"),
    degraded: count("degraded"),
    down: count("down"),
    paused: `TOTAL(${route}.state = 'paused')`,
    offline: `TOTAL(${route}.state <> 'paused' AND ${offline})`,
  };
}

/**
 * The same rule in SQL over a pair's counts (`@minLocations` bound to the
 * setting or null); `fallback` is the state when the pair has no assigned
 * row at all.
 */
export function aggregateStateSql(counts: StateCountsSql, fallback: string): string {
  const voters = `(${counts.total} - ${counts.paused})`;
  const quorum = `MAX(1, MIN(COALESCE(@minLocations, CAST(${voters} AS INTEGER) / 2 + 1), ${voters}))`;
  return `(CASE WHEN ${counts.total} = 0 THEN ${fallback}
      WHEN ${voters} = 0 THEN 'paused'
      WHEN ${voters} = ${counts.offline} THEN 'unknown'
      WHEN ${counts.down} >= ${quorum} THEN 'down'
      WHEN ${counts.down} + ${counts.degraded} > 0 THEN 'degraded'
      WHEN ${counts.up} > 0 THEN 'up'
      ELSE 'unknown' END)`;
}

/**
 * The pair's state as a correlated subquery on a pair's row `r`: its assigned
 * rows, read through the (proxyId, targetId, locationId) index, so only the
 * rows a query keeps are worked out.
 */
export function pairStateSql(r: string): string {
  return `(SELECT ${aggregateStateSql(stateCountsSql("o", "ol"), `${r}.state`)} FROM "Route" o JOIN "Location" ol ON ol.id = o.locationId
     WHERE o.proxyId = ${r}.proxyId AND o.targetId = ${r}.targetId AND o.assigned = 1)`;
}
