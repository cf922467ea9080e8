import type { Sqlite } from "../../sqlite";
import { summarizeRollups, summaryWindowStarts, type RollupRow } from "../../../monitoring/route-windows";

/**
 * Recomputes every route's 1h (from minute rollups) and 24h / 7d (from hour
 * rollups, the current hour included) figures into RouteSummary: for the
 * routes just probed after each write, and for all routes every minute (so
 * that windows slide), so that listing routes reads one row per route.
 */
export function refreshRouteSummaries(db: Sqlite, now: number = Date.now(), onlyRouteIds?: number[]): number {
  const since = summaryWindowStarts(now);
  const routeIds = onlyRouteIds ?? (db.prepare(`SELECT id FROM "Route"`).all() as Array<{ id: number }>).map((row) => row.id);
  const only = onlyRouteIds ? ` AND routeId IN (${onlyRouteIds.map(Number).join(",") || "NULL"})` : "";
  const columns = `routeId, bucket, total, okCount, latencyHist, latencyMinMs, latencyMaxMs`;
  const summaries = summarizeRollups(
    routeIds,
    db.prepare(`SELECT ${columns} FROM "RollupMinute" WHERE bucket >= ?${only}`).iterate(since.h1) as Iterable<RollupRow>,
    db.prepare(`SELECT ${columns} FROM "RollupHour" WHERE bucket >= ?${only}`).iterate(since.d7) as Iterable<RollupRow>,
    now,
  );
  const put = db.prepare(`INSERT OR REPLACE INTO "RouteSummary" (routeId, computedAt, windows) VALUES (?, ?, ?)`);
  db.transaction(() => {
    for (const [routeId, summary] of summaries) put.run(routeId, now, JSON.stringify(summary));
  })();
  return summaries.size;
}
