import type { Sqlite } from "../db/sqlite";
import { mergeHistograms, parseHistogram, quantile, type LatencyHistogram } from "./latency-histogram";
import { bucketStart, HOUR_MS, MINUTE_MS } from "./rollup-bucket";

export type WindowName = "1h" | "24h" | "7d";

export interface WindowSummary {
  total: number;
  ok: number;
  /** ok / total, null when nothing was probed in the window. */
  uptime: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export type RouteWindows = Record<WindowName, WindowSummary>;

interface Accumulator {
  total: number;
  ok: number;
  hist: LatencyHistogram;
  min: number | null;
  max: number | null;
}

/** A minute or hour rollup row as the summaries read it. */
export interface RollupRow {
  routeId: number;
  bucket: number;
  total: number;
  okCount: number;
  latencyHist: string;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
}

/**
 * Recomputes every route's 1h (from minute rollups) and 24h / 7d (from hour
 * rollups, the current hour included) figures into RouteSummary: for the
 * routes just probed after each write, and for all routes every minute (so
 * that windows slide), so that listing routes reads one row per route.
 */
export function refreshRouteSummaries(db: Sqlite, now: number = Date.now(), onlyRouteIds?: number[]): number {
  const since1h = bucketStart(now, MINUTE_MS) - 59 * MINUTE_MS;
  const since24h = bucketStart(now, HOUR_MS) - 23 * HOUR_MS;
  const since7d = bucketStart(now, HOUR_MS) - 167 * HOUR_MS;
  const routeIds = onlyRouteIds ?? (db.prepare(`SELECT id FROM "Route"`).all() as Array<{ id: number }>).map((row) => row.id);
  const only = onlyRouteIds ? ` AND routeId IN (${onlyRouteIds.map(Number).join(",") || "NULL"})` : "";
  const windows = new Map<number, Record<WindowName, Accumulator>>();
  for (const id of routeIds) windows.set(id, { "1h": empty(), "24h": empty(), "7d": empty() });

  const columns = `routeId, bucket, total, okCount, latencyHist, latencyMinMs, latencyMaxMs`;
  for (const row of db.prepare(`SELECT ${columns} FROM "RollupMinute" WHERE bucket >= ?${only}`).iterate(since1h) as Iterable<RollupRow>) {
    add(windows.get(row.routeId)?.["1h"], row);
  }
  for (const row of db.prepare(`SELECT ${columns} FROM "RollupHour" WHERE bucket >= ?${only}`).iterate(since7d) as Iterable<RollupRow>) {
    const route = windows.get(row.routeId);
    if (!route) continue;
    add(route["7d"], row);
    if (row.bucket >= since24h) add(route["24h"], row);
  }

  const put = db.prepare(`INSERT OR REPLACE INTO "RouteSummary" (routeId, computedAt, windows) VALUES (?, ?, ?)`);
  db.transaction(() => {
    for (const [routeId, accumulators] of windows) {
      const summary = Object.fromEntries(Object.entries(accumulators).map(([name, acc]) => [name, finish(acc)]));
      put.run(routeId, now, JSON.stringify(summary));
    }
  })();
  return windows.size;
}

function empty(): Accumulator {
  return { total: 0, ok: 0, hist: {}, min: null, max: null };
}

function add(acc: Accumulator | undefined, row: RollupRow): void {
  if (!acc) return;
  acc.total += row.total;
  acc.ok += row.okCount;
  if (row.okCount > 0) {
    mergeHistograms(acc.hist, parseHistogram(row.latencyHist));
    if (row.latencyMinMs !== null) acc.min = acc.min === null ? row.latencyMinMs : Math.min(acc.min, row.latencyMinMs);
    if (row.latencyMaxMs !== null) acc.max = acc.max === null ? row.latencyMaxMs : Math.max(acc.max, row.latencyMaxMs);
  }
}

function finish(acc: Accumulator): WindowSummary {
  const observed = { min: acc.min, max: acc.max };
  return {
    total: acc.total,
    ok: acc.ok,
    uptime: acc.total ? acc.ok / acc.total : null,
    p50: quantile(acc.hist, 0.5, observed),
    p95: quantile(acc.hist, 0.95, observed),
    p99: quantile(acc.hist, 0.99, observed),
  };
}

export function emptyWindows(): RouteWindows {
  const none: WindowSummary = { total: 0, ok: 0, uptime: null, p50: null, p95: null, p99: null };
  return { "1h": { ...none }, "24h": { ...none }, "7d": { ...none } };
}
