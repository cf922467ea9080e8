import type { RouteState } from "../../../monitoring/route-state";
import type { RouteListingRow } from "../route-rows";
import type { PgParams } from "./pg-params";
import { pgPairStateSql, pgPairStatesSql } from "./pg-aggregate-state";

/** A row of pgRouteListingSql as pg gives it (booleans as booleans, times as ms, the window figures as JSON text). */
export type PgRouteListingRow = Omit<
  RouteListingRow,
  "enabled" | "proxyEnabled" | "proxyPausedInFile" | "targetEnabled" | "targetPausedInFile" | "targetManualOnly" | "lastOk"
> & {
  enabled: boolean;
  proxyEnabled: boolean;
  proxyPausedInFile: boolean;
  targetEnabled: boolean;
  targetPausedInFile: boolean;
  targetManualOnly: boolean;
  lastOk: boolean | null;
};

/** How a listing reads its rows: per proxy × target pair (the pair's state over its locations), or one location's own rows. */
export type PgListingScope = { kind: "pairs"; multi: boolean } | { kind: "location"; locationId: number };

/**
 * The PostgreSQL twin of lib/db/store/sqlite/route-listing-sql.ts's
 * routeListingSql: the same columns (quoted, so pg keeps their case) and
 * joins, ending in a WHERE that callers extend with AND. Its parameters
 * (the location, or minLocations for a pair's state) go into `params`.
 * `everyState`: the query sorts, filters or counts on the pairs' state, so
 * it is worked out for every pair in one grouped pass rather than per row.
 */
export function pgRouteListingSql(scope: PgListingScope, params: PgParams, minLocations: number | null, everyState = false): { sql: string; state: string } {
  const multi = scope.kind === "pairs" && scope.multi;
  const grouped = multi && everyState;
  const state = !multi ? "r.state" : grouped ? "COALESCE(ps.state, r.state)" : pgPairStateSql("r", params.add(minLocations));
  const pairStates = grouped ? `LEFT JOIN ${pgPairStatesSql(params.add(minLocations))} ps ON ps."proxyId" = r."proxyId" AND ps."targetId" = r."targetId"` : "";
  const pairId =
    scope.kind === "location" ? `COALESCE((SELECT h.id FROM "Route" h WHERE h."proxyId" = r."proxyId" AND h."targetId" = r."targetId" AND h."locationId" = 1), r.id)` : "r.id";
  const where = scope.kind === "location" ? `r."locationId" = ${params.add(scope.locationId)} AND r.assigned` : `r."locationId" = 1`;
  const sql = `SELECT ${pairId} AS id, r."proxyId", p.name AS "proxyName", r."targetId", t.name AS "targetName", t.provider, t.probe, r.enabled, ${state} AS state, r."stateChangedAt",
              p.enabled AS "proxyEnabled", p."pausedInFile" AS "proxyPausedInFile", t.enabled AS "targetEnabled", t."pausedInFile" AS "targetPausedInFile", t."manualOnly" AS "targetManualOnly",
              r."intervalSeconds", r."slowAboveMs", r."slowWindow", t."slowAboveMs" AS "targetSlowAboveMs", t."slowWindow" AS "targetSlowWindow", t."intervalSeconds" AS "targetIntervalSeconds",
              r."lastProbeAt", r."lastOk", r."lastKind", r."lastTotalMs", r."lastFailAt", r."lastFailKind", r."skippedSlots", s.windows, s."computedAt", r.id AS "rowId", r."locationId"
         FROM "Route" r
         JOIN "Proxy" p ON p.id = r."proxyId"
         JOIN "Target" t ON t.id = r."targetId"
         LEFT JOIN "RouteSummary" s ON s."routeId" = r.id
         ${pairStates}
        WHERE ${where}`;
  return { sql, state };
}

const bit = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/**
 * A pg listing row in SQLite's shape (booleans as 0/1), so both engines
 * share one mapping to a RouteListing (toRouteListing) and cannot drift.
 */
export function asSqliteListingRow(row: PgRouteListingRow): RouteListingRow {
  return {
    ...row,
    state: row.state as RouteState,
    enabled: bit(row.enabled)!,
    proxyEnabled: bit(row.proxyEnabled)!,
    proxyPausedInFile: bit(row.proxyPausedInFile)!,
    targetEnabled: bit(row.targetEnabled)!,
    targetPausedInFile: bit(row.targetPausedInFile)!,
    targetManualOnly: bit(row.targetManualOnly)!,
    lastOk: bit(row.lastOk),
  };
}
