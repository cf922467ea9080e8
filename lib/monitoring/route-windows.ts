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

/** Where each window starts at `now`: the 1h window in minute rollups, the 24h and 7d windows in hour rollups (the current one included). */
export function summaryWindowStarts(now: number): { h1: number; h24: number; d7: number } {
  return {
    h1: bucketStart(now, MINUTE_MS) - 59 * MINUTE_MS,
    h24: bucketStart(now, HOUR_MS) - 23 * HOUR_MS,
    d7: bucketStart(now, HOUR_MS) - 167 * HOUR_MS,
  };
}

/**
 * Each route's windows from its rollup rows (minute rows from the 1h
 * window's start, hour rows from the 7d window's start; rows of other
 * routes are ignored). Every engine's store computes summaries with this.
 */
export function summarizeRollups(routeIds: readonly number[], minuteRows: Iterable<RollupRow>, hourRows: Iterable<RollupRow>, now: number): Map<number, RouteWindows> {
  const since = summaryWindowStarts(now);
  const windows = new Map<number, Record<WindowName, Accumulator>>();
  for (const id of routeIds) windows.set(id, { "1h": empty(), "24h": empty(), "7d": empty() });
  for (const row of minuteRows) if (row.bucket >= since.h1) add(windows.get(row.routeId)?.["1h"], row);
  for (const row of hourRows) {
    const route = windows.get(row.routeId);
    if (!route || row.bucket < since.d7) continue;
    add(route["7d"], row);
    if (row.bucket >= since.h24) add(route["24h"], row);
  }
  const summaries = new Map<number, RouteWindows>();
  for (const [routeId, accumulators] of windows) {
    summaries.set(routeId, { "1h": finish(accumulators["1h"]), "24h": finish(accumulators["24h"]), "7d": finish(accumulators["7d"]) });
  }
  return summaries;
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
