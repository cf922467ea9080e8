import type { RouteState } from "../monitoring/route-state";

/**
 * A proxy × target pair is probed from one or more locations; each location's
 * row has its own state. The pair's state, shown, filtered on and announced,
 * is decided here and only here (the TypeScript rule and its SQL twin, kept
 * in step by a table test):
 *
 * - paused when every one of its locations is paused (a paused row is left out otherwise);
 * - down when at least `minLocations` of the others are down (default a
 *   majority, floor(n / 2) + 1; never more than n, so a pair probed from one
 *   place is down when that place says so);
 * - degraded when some location is down or degraded but fewer than that;
 * - up when some location is up and none is down or degraded (a location
 *   that has not probed yet does not hold the others back);
 * - unknown when none has a state yet.
 *
 * With a single location the pair's state is that location's state.
 */
export function aggregateState(states: readonly RouteState[], minLocations: number | null): RouteState {
  const counts = countStates(states);
  const active = counts.total - counts.paused;
  if (counts.total === 0) return "unknown";
  if (active === 0) return "paused";
  if (counts.down >= downQuorum(active, minLocations)) return "down";
  if (counts.down + counts.degraded > 0) return "degraded";
  if (counts.up > 0) return "up";
  return "unknown";
}

/** How many locations must say down for the pair to be down: `minLocations`, else a majority, at most every location. */
export function downQuorum(locations: number, minLocations: number | null): number {
  return Math.max(1, Math.min(minLocations ?? Math.floor(locations / 2) + 1, locations));
}

export interface StateCounts {
  total: number;
  up: number;
  degraded: number;
  down: number;
  unknown: number;
  paused: number;
}

export function countStates(states: readonly RouteState[]): StateCounts {
  const counts: StateCounts = { total: states.length, up: 0, degraded: 0, down: 0, unknown: 0, paused: 0 };
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
}

/** The counts as aggregates over the rows of `alias` (the pair's assigned rows, grouped or in a correlated subquery). */
export function stateCountsSql(alias: string): StateCountsSql {
  const count = (state: string) => `TOTAL(${alias}.state = '${state}')`;
  return { total: "COUNT(*)", up: count("up"), degraded: count("degraded"), down: count("down"), paused: count("paused") };
}

/**
 * The same rule in SQL over a pair's counts (`@minLocations` bound to the
 * setting or null); `fallback` is the state when the pair has no assigned
 * row at all.
 */
export function aggregateStateSql(counts: StateCountsSql, fallback: string): string {
  const active = `(${counts.total} - ${counts.paused})`;
  const quorum = `MAX(1, MIN(COALESCE(@minLocations, CAST(${active} AS INTEGER) / 2 + 1), ${active}))`;
  return `(CASE WHEN ${counts.total} = 0 THEN ${fallback}
      WHEN ${active} = 0 THEN 'paused'
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
  return `(SELECT ${aggregateStateSql(stateCountsSql("o"), `${r}.state`)} FROM "Route" o WHERE o.proxyId = ${r}.proxyId AND o.targetId = ${r}.targetId AND o.assigned = 1)`;
}
