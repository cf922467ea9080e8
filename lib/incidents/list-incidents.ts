import type { Store } from "../db/store/store";

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
export async function listIncidents(store: Store, options: { from: number; to: number; limit: number; routeIds?: number[] }, now: number = Date.now()): Promise<IncidentView[]> {
  const rows = await store.history.listIncidents(options);
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
