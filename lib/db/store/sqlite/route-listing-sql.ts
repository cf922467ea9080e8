import { pauseCauses } from "../../../monitoring/apply-pauses";
import { emptyWindows, type RouteWindows } from "../../../monitoring/route-windows";
import { DEFAULT_LATENCY_WINDOW, type RouteState } from "../../../monitoring/route-state";
import { pairStateSql } from "../../../locations/aggregate-state";
import type { RouteListing } from "../route-store";

/** A row of routeListingSql, as SQLite gives it (booleans as 0/1, the window figures as JSON text). */
export interface RouteListingRow {
  id: number;
  proxyId: number;
  proxyName: string;
  targetId: number;
  targetName: string;
  provider: string;
  probe: string;
  enabled: number;
  proxyEnabled: number;
  proxyPausedInFile: number;
  targetEnabled: number;
  targetPausedInFile: number;
  targetManualOnly: number;
  intervalSeconds: number | null;
  slowAboveMs: number | null;
  slowWindow: number | null;
  targetSlowAboveMs: number | null;
  targetSlowWindow: number | null;
  targetIntervalSeconds: number | null;
  state: RouteState;
  stateChangedAt: number | null;
  lastProbeAt: number | null;
  lastOk: number | null;
  lastKind: string | null;
  lastTotalMs: number | null;
  lastFailAt: number | null;
  lastFailKind: string | null;
  skippedSlots: number;
  windows: string | null;
  computedAt: number | null;
  /** The row read (the pair's hub row in a pair listing) and its location. */
  rowId: number;
  locationId: number;
}

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

/** A row of routeListingSql as the listing callers see (its locations are filled in afterwards). */
export function toRouteListing(row: RouteListingRow): RouteListing {
  return {
    id: row.id,
    proxyId: row.proxyId,
    proxyName: row.proxyName,
    targetId: row.targetId,
    targetName: row.targetName,
    provider: row.provider,
    probe: row.probe,
    enabled: row.enabled === 1,
    pausedBy: pauseCauses({
      routeEnabled: row.enabled === 1,
      proxyEnabled: row.proxyEnabled === 1,
      proxyPausedInFile: row.proxyPausedInFile === 1,
      targetEnabled: row.targetEnabled === 1,
      targetPausedInFile: row.targetPausedInFile === 1,
    }),
    manualOnly: row.targetManualOnly === 1,
    overrides: { intervalSeconds: row.intervalSeconds, latencyThresholdMs: row.slowAboveMs, latencyWindow: row.slowWindow },
    targetSettings: { intervalSeconds: row.targetIntervalSeconds, latencyThresholdMs: row.targetSlowAboveMs, latencyWindow: row.targetSlowWindow },
    latency: { thresholdMs: row.slowAboveMs ?? row.targetSlowAboveMs, window: row.slowWindow ?? row.targetSlowWindow ?? DEFAULT_LATENCY_WINDOW },
    state: row.state,
    stateSince: row.stateChangedAt === null ? null : new Date(row.stateChangedAt).toISOString(),
    last:
      row.lastProbeAt === null || row.lastKind === null
        ? null
        : { ok: row.lastOk === 1, kind: row.lastKind, totalMs: row.lastTotalMs, at: new Date(row.lastProbeAt).toISOString() },
    lastFailure: row.lastFailAt === null || row.lastFailKind === null ? null : { kind: row.lastFailKind, at: new Date(row.lastFailAt).toISOString() },
    windows: parseWindows(row.windows),
    skippedSlots: row.skippedSlots,
    windowsAt: row.computedAt === null ? null : new Date(row.computedAt).toISOString(),
    locations: [],
  };
}

/** A summary's window figures as stored (JSON text; none yet: empty windows). */
export function parseWindows(text: string | null): RouteWindows {
  return text ? (JSON.parse(text) as RouteWindows) : emptyWindows();
}
