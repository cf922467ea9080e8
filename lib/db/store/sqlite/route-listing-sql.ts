import { pairStateSql } from "../../../locations/aggregate-state";

/**
 * The pairs' rows at the hub. Not through the locationId index (the unary
 * +): every row is at the hub in most installs, and a third or more with
 * agents, where reading the table in order beats a lookup per row.
 */
const HUB_ROWS = "+r.locationId = 1";

/** How a listing reads its rows: per proxy × target pair (the pair's state over its locations), or one location's own rows. */
export type ListingScope = { kind: "pairs"; multi: boolean } | { kind: "location"; locationId: number };

/**
 * The columns and joins every route listing reads (one row per pair, named
 * by its row at the hub, or one row per route at one location), ending in a
 * WHERE that callers extend with AND, then ORDER BY and LIMIT. Pairs read
 * their state from lib/locations/aggregate-state.ts when some pair is probed
 * from elsewhere than the hub (`multi`); otherwise the hub's row is the
 * whole story and nothing more is read.
 */
export function routeListingSql(scope: ListingScope): { sql: string; state: string } {
  const multi = scope.kind === "pairs" && scope.multi;
  const state = multi ? pairStateSql("r") : "r.state";
  const pairId = scope.kind === "location" ? `COALESCE((SELECT h.id FROM "Route" h WHERE h.proxyId = r.proxyId AND h.targetId = r.targetId AND h.locationId = 1), r.id)` : "r.id";
  const sql = `SELECT ${pairId} AS id, r.proxyId, p.name AS proxyName, r.targetId, t.name AS targetName, t.provider, t.probe, r.enabled, ${state} AS state, r.stateChangedAt,
              p.enabled AS proxyEnabled, p.pausedInFile AS proxyPausedInFile, t.enabled AS targetEnabled, t.pausedInFile AS targetPausedInFile, t.manualOnly AS targetManualOnly,
              r.intervalSeconds, r.slowAboveMs, r.slowWindow, t.slowAboveMs AS targetSlowAboveMs, t.slowWindow AS targetSlowWindow, t.intervalSeconds AS targetIntervalSeconds,
              r.lastProbeAt, r.lastOk, r.lastKind, r.lastTotalMs, r.lastFailAt, r.lastFailKind, r.skippedSlots, s.windows, s.computedAt, r.id AS rowId, r.locationId
         FROM "Route" r
         JOIN "Proxy" p ON p.id = r.proxyId
         JOIN "Target" t ON t.id = r.targetId
         LEFT JOIN "RouteSummary" s ON s.routeId = r.id
        WHERE ${scope.kind === "location" ? "r.locationId = @locationId AND r.assigned = 1" : HUB_ROWS}`;
  return { sql, state };
}
