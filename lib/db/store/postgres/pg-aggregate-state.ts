/**
 * The PostgreSQL twins of lib/locations/aggregate-state.ts's SQL (the rule
 * itself, and its TypeScript form, live there; keep the three in step).
 * PostgreSQL has booleans and no named parameters, so the location's
 * `online` is tested as a boolean and `minLocations` is a placeholder the
 * caller binds (an `$n` of its query, or NULL for a majority).
 */

/** SQL for "the location `alias` is an agent gone silent" (the hub itself is never offline). */
export function pgOfflineSql(alias: string): string {
  return `(${alias}.kind = 'agent' AND NOT ${alias}.online)`;
}

/** SQL expressions for a pair's counts of rows by state (each an integer). */
interface StateCountsSql {
  total: string;
  up: string;
  degraded: string;
  down: string;
  paused: string;
  offline: string;
}

/** The counts as aggregates over the rows of `route` joined to their locations as `location`. */
export function pgStateCountsSql(route: string, location: string): StateCountsSql {
  const offline = pgOfflineSql(location);
  const count = (state: string) => `COUNT(*) FILTER (WHERE ${route}.state = '${state}' AND NOT ${offline})`;
  return {
    total: "COUNT(*)",
    up: count("up"),
    degraded: count("degraded"),
    down: count("down"),
    paused: `COUNT(*) FILTER (WHERE ${route}.state = 'paused')`,
    offline: `COUNT(*) FILTER (WHERE ${route}.state <> 'paused' AND ${offline})`,
  };
}

/**
 * The rule in SQL over a pair's counts; `minLocations` is the SQL of the
 * setting (a placeholder such as `$2`, bound to a number or null);
 * `fallback` is the state when the pair has no assigned row at all.
 */
export function pgAggregateStateSql(counts: StateCountsSql, fallback: string, minLocations: string): string {
  const voters = `(${counts.total} - ${counts.paused})`;
  // bigint / 2 truncates, as SQLite's CAST(… AS INTEGER) / 2 does.
  const quorum = `GREATEST(1, LEAST(COALESCE((${minLocations})::bigint, ${voters} / 2 + 1), ${voters}))`;
  return `(CASE WHEN ${counts.total} = 0 THEN ${fallback}
      WHEN ${voters} = 0 THEN 'paused'
      WHEN ${voters} = ${counts.offline} THEN 'unknown'
      WHEN ${counts.down} >= ${quorum} THEN 'down'
      WHEN ${counts.down} + ${counts.degraded} > 0 THEN 'degraded'
      WHEN ${counts.up} > 0 THEN 'up'
      ELSE 'unknown' END)`;
}

/**
 * The pair's state as a correlated subquery on a pair's row `r`: its
 * assigned rows, read through the (proxyId, targetId, locationId) index.
 */
export function pgPairStateSql(r: string, minLocations: string): string {
  return `(SELECT ${pgAggregateStateSql(pgStateCountsSql("o", "ol"), `${r}.state`, minLocations)} FROM "Route" o JOIN "Location" ol ON ol.id = o."locationId"
     WHERE o."proxyId" = ${r}."proxyId" AND o."targetId" = ${r}."targetId" AND o.assigned)`;
}

/**
 * Every pair's state at once, as a derived table (`proxyId`, `targetId`,
 * `state`) over the assigned rows, grouped: for a query that needs the
 * state of every pair (sorting or filtering on it, counting by it), one
 * hash aggregate beats a correlated subquery per pair. A pair with no
 * assigned row has no row here (its state is then its hub row's).
 */
export function pgPairStatesSql(minLocations: string): string {
  return `(SELECT o."proxyId", o."targetId", ${pgAggregateStateSql(pgStateCountsSql("o", "ol"), "NULL", minLocations)} AS state
     FROM "Route" o JOIN "Location" ol ON ol.id = o."locationId" WHERE o.assigned GROUP BY o."proxyId", o."targetId")`;
}
