import type { Sqlite } from "../db/sqlite";
import { emptyWindows, type RouteWindows } from "./refresh-route-summaries";
import { pauseCauses, type PauseCause } from "./apply-pauses";
import { DEFAULT_LATENCY_WINDOW, type RouteState } from "./route-state";
import { pairStateSql } from "../locations/aggregate-state";
import { withLocations } from "../locations/pair-listing";

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

/**
 * Whether some pair is probed from a location other than the hub. Until one
 * is, every listing reads exactly as before locations existed.
 */
export function usesLocations(db: Sqlite): boolean {
  return db.prepare(`SELECT EXISTS (SELECT 1 FROM "Route" WHERE locationId <> 1 AND assigned = 1) AS used`).pluck().get() === 1;
}

const PAIR_OF_ROW = `AND r.id = COALESCE((SELECT h.id FROM "Route" x JOIN "Route" h ON h.proxyId = x.proxyId AND h.targetId = x.targetId AND h.locationId = 1 WHERE x.id = @routeId), @routeId)`;

/** Every pair with its state, last result and 1h / 24h / 7d figures, over its locations (`routeId`: the pair of that row only). */
export function listRoutes(db: Sqlite, filter: { routeId?: number; minLocations?: number | null } = {}): RouteListing[] {
  const scope = { kind: "pairs", multi: usesLocations(db) } as const;
  const rows = db
    // A row at another location names its pair too (its results and series are under its own id).
    .prepare(`${routeListingSql(scope).sql} ${filter.routeId !== undefined ? PAIR_OF_ROW : ""} ORDER BY t.name, p.name`)
    .all({ minLocations: filter.minLocations ?? null, ...(filter.routeId !== undefined ? { routeId: filter.routeId } : {}) }) as RouteListingRow[];
  return withLocations(db, rows.map((row) => ({ row, listing: toRouteListing(row) })), scope);
}

/** The routes probed from one location, each with that location's own state and figures (id: its pair's). */
export function listLocationRoutes(db: Sqlite, locationId: number): RouteListing[] {
  const scope = { kind: "location", locationId } as const;
  const rows = db.prepare(`${routeListingSql(scope).sql} ORDER BY t.name, p.name`).all({ locationId }) as RouteListingRow[];
  return withLocations(db, rows.map((row) => ({ row, listing: toRouteListing(row) })), scope);
}

/** A row of routeListingSql as the listing callers see (its locations are filled in by withLocations). */
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
    windows: row.windows ? (JSON.parse(row.windows) as RouteWindows) : emptyWindows(),
    skippedSlots: row.skippedSlots,
    windowsAt: row.computedAt === null ? null : new Date(row.computedAt).toISOString(),
    locations: [],
  };
}
