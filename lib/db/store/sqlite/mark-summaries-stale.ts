import type { Sqlite } from "../../sqlite";

/**
 * For a process that does not keep the incremental summaries (it does not
 * run the scheduler): asks the one that does to rebuild these routes from the
 * rollups, since it did not see their new results (see
 * IncrementalRouteSummaries). Harmless when no process keeps them: the next
 * one to start rebuilds every route anyway.
 */
export function markSummariesStale(db: Sqlite, routeIds: readonly number[]): void {
  const mark = db.prepare(`INSERT OR IGNORE INTO "RouteSummaryStale" (routeId) VALUES (?)`);
  db.transaction(() => {
    for (const id of routeIds) mark.run(id);
  })();
}
