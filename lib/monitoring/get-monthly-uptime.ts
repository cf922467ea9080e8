import type { Store } from "../db/store/store";

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
export async function getMonthlyUptime(store: Store, routeId: number, now: number = Date.now(), months = 12): Promise<MonthUptime[]> {
  const today = new Date(now);
  const monthStart = (back: number) => Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1);
  const rows = await store.history.sumMonths({ routeId, from: monthStart(months - 1), to: monthStart(-1) });
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  return Array.from({ length: months }, (_, back) => {
    const month = new Date(monthStart(back)).toISOString().slice(0, 7);
    const row = byMonth.get(month);
    const total = row?.total ?? 0;
    const ok = row?.ok ?? 0;
    return { month, total, ok, uptime: total ? ok / total : null, current: back === 0 };
  });
}
