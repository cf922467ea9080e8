import type { Sqlite } from "../db/sqlite";
import { emptyWindows, type RouteWindows } from "./refresh-route-summaries";
import { pauseCauses, type PauseCause } from "./apply-pauses";
import { DEFAULT_LATENCY_WINDOW, type RouteState } from "./route-state";

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
}

/** The columns and joins every route listing reads (one row per route); callers add WHERE, ORDER BY and LIMIT. */
export const ROUTE_LISTING_SELECT = `SELECT r.id, r.proxyId, p.name AS proxyName, r.targetId, t.name AS targetName, t.provider, t.probe, r.enabled, r.state, r.stateChangedAt,
              p.enabled AS proxyEnabled, p.pausedInFile AS proxyPausedInFile, t.enabled AS targetEnabled, t.pausedInFile AS targetPausedInFile, t.manualOnly AS targetManualOnly,
              r.intervalSeconds, r.slowAboveMs, r.slowWindow, t.slowAboveMs AS targetSlowAboveMs, t.slowWindow AS targetSlowWindow, t.intervalSeconds AS targetIntervalSeconds,
              r.lastProbeAt, r.lastOk, r.lastKind, r.lastTotalMs, r.lastFailAt, r.lastFailKind, r.skippedSlots, s.windows, s.computedAt
         FROM "Route" r
         JOIN "Proxy" p ON p.id = r.proxyId
         JOIN "Target" t ON t.id = r.targetId
         LEFT JOIN "RouteSummary" s ON s.routeId = r.id`;

/** Every route with its state, last result and 1h / 24h / 7d figures: one indexed read. */
export function listRoutes(db: Sqlite, filter: { routeId?: number } = {}): RouteListing[] {
  const rows = db
    .prepare(`${ROUTE_LISTING_SELECT} ${filter.routeId !== undefined ? "WHERE r.id = @routeId" : ""} ORDER BY t.name, p.name`)
    .all(filter.routeId !== undefined ? { routeId: filter.routeId } : {}) as RouteListingRow[];
  return rows.map(toRouteListing);
}

/** A row of ROUTE_LISTING_SELECT as the listing callers see. */
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
  };
}
