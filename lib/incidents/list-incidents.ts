import type { Sqlite } from "../db/sqlite";

export interface IncidentView {
  id: number;
  routeId: number;
  target: string;
  proxy: string;
  startedAt: string;
  endedAt: string | null;
  /** Until now when still open. */
  durationMs: number;
  kind: string | null;
  note: string | null;
}

/** Incidents that started in [from, to), newest first (names only: safe for the public page). */
export function listIncidents(db: Sqlite, options: { from: number; to: number; limit: number; routeIds?: number[] }, now: number = Date.now()): IncidentView[] {
  const only = options.routeIds ? `AND i.routeId IN (${options.routeIds.map(Number).join(",") || "NULL"})` : "";
  const rows = db
    .prepare(
      `SELECT i.id, i.routeId, t.name AS target, p.name AS proxy, i.startedAt, i.endedAt, i.kind, i.note
         FROM "Incident" i JOIN "Route" r ON r.id = i.routeId JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId
        WHERE i.startedAt >= ? AND i.startedAt < ? ${only}
        ORDER BY i.startedAt DESC, i.id DESC LIMIT ?`,
    )
    .all(options.from, options.to, options.limit) as Array<{ id: number; routeId: number; target: string; proxy: string; startedAt: number; endedAt: number | null; kind: string | null; note: string | null }>;
  return rows.map((row) => ({
    id: row.id,
    routeId: row.routeId,
    target: row.target,
    proxy: row.proxy,
    startedAt: new Date(row.startedAt).toISOString(),
    endedAt: row.endedAt === null ? null : new Date(row.endedAt).toISOString(),
    durationMs: (row.endedAt ?? now) - row.startedAt,
    kind: row.kind,
    note: row.note,
  }));
}
