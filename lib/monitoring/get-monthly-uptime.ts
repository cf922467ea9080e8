import type { Sqlite } from "../db/sqlite";

export interface MonthUptime {
  /** "2026-11": a calendar month in UTC. */
  month: string;
  total: number;
  ok: number;
  /** null when nothing was probed that month (or its rollups are past retention). */
  uptime: number | null;
  /** The month is still running. */
  current: boolean;
}

/**
 * A route's uptime per calendar month (UTC) for the last `months` months,
 * newest first, summed from the hour rollups: raw results are kept only
 * days, hour rollups retention.rollupDays (400 by default).
 */
export function getMonthlyUptime(db: Sqlite, routeId: number, now: number = Date.now(), months = 12): MonthUptime[] {
  const today = new Date(now);
  const monthStart = (back: number) => Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1);
  const rows = db
    .prepare(
      `SELECT strftime('%Y-%m', bucket / 1000, 'unixepoch') AS month, SUM(total) AS total, SUM(okCount) AS ok
         FROM "RollupHour" WHERE routeId = ? AND bucket >= ? AND bucket < ? GROUP BY month`,
    )
    .all(routeId, monthStart(months - 1), monthStart(-1)) as Array<{ month: string; total: number; ok: number }>;
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return Array.from({ length: months }, (_, back) => {
    const month = new Date(monthStart(back)).toISOString().slice(0, 7);
    const row = byMonth.get(month);
    const total = row?.total ?? 0;
    const ok = row?.ok ?? 0;
    return { month, total, ok, uptime: total ? ok / total : null, current: back === 0 };
  });
}
