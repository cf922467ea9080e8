import type { Sqlite } from "../db/sqlite";
import type { ResultCursor } from "./list-route-results";

/** The paging position of one of a route's stored results, or null when the route has no such result (never, or pruned). */
export function findResultCursor(db: Sqlite, routeId: number, resultId: number): ResultCursor | null {
  const row = db.prepare(`SELECT id, at FROM "ProbeResult" WHERE id = ? AND routeId = ?`).get(resultId, routeId) as { id: number; at: number } | undefined;
  return row ? { at: row.at, id: row.id } : null;
}
