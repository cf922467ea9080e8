import type { Sqlite } from "../db/sqlite";
import { emptyWindows, type RouteWindows } from "./refresh-route-summaries";
import type { RouteState } from "./route-state";

export interface RouteListing {
  id: number;
  proxyId: number;
  proxyName: string;
  targetId: number;
  targetName: string;
  enabled: boolean;
  state: RouteState;
  stateSince: string | null;
  last: { ok: boolean; kind: string; totalMs: number | null; at: string } | null;
  windows: RouteWindows;
  /** Scheduled slots not probed because the previous probe was still queued or running (or the timer fired an interval late). */
  skippedSlots: number;
  /** When the window figures were computed (they refresh every minute). */
  windowsAt: string | null;
}

interface Row {
  id: number;
  proxyId: number;
  proxyName: string;
  targetId: number;
  targetName: string;
  enabled: number;
  state: RouteState;
  stateChangedAt: number | null;
  lastProbeAt: number | null;
  lastOk: number | null;
  lastKind: string | null;
  lastTotalMs: number | null;
  skippedSlots: number;
  windows: string | null;
  computedAt: number | null;
}

/** Every route with its state, last result and 1h / 24h / 7d figures: one indexed read. */
export function listRoutes(db: Sqlite, filter: { routeId?: number } = {}): RouteListing[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.proxyId, p.name AS proxyName, r.targetId, t.name AS targetName, r.enabled, r.state, r.stateChangedAt,
              r.lastProbeAt, r.lastOk, r.lastKind, r.lastTotalMs, r.skippedSlots, s.windows, s.computedAt
         FROM "Route" r
         JOIN "Proxy" p ON p.id = r.proxyId
         JOIN "Target" t ON t.id = r.targetId
         LEFT JOIN "RouteSummary" s ON s.routeId = r.id
        ${filter.routeId !== undefined ? "WHERE r.id = @routeId" : ""}
        ORDER BY t.name, p.name`,
    )
    .all(filter.routeId !== undefined ? { routeId: filter.routeId } : {}) as Row[];
  return rows.map((row) => ({
    id: row.id,
    proxyId: row.proxyId,
    proxyName: row.proxyName,
    targetId: row.targetId,
    targetName: row.targetName,
    enabled: row.enabled === 1,
    state: row.state,
    stateSince: row.stateChangedAt === null ? null : new Date(row.stateChangedAt).toISOString(),
    last:
      row.lastProbeAt === null || row.lastKind === null
        ? null
        : { ok: row.lastOk === 1, kind: row.lastKind, totalMs: row.lastTotalMs, at: new Date(row.lastProbeAt).toISOString() },
    windows: row.windows ? (JSON.parse(row.windows) as RouteWindows) : emptyWindows(),
    skippedSlots: row.skippedSlots,
    windowsAt: row.computedAt === null ? null : new Date(row.computedAt).toISOString(),
  }));
}
