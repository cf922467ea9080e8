import type { Store } from "../db/store/store";
import { quantile } from "./latency-histogram";
import { bucketStart, emptyBucket, HOUR_MS, mergeBuckets, MINUTE_MS, type RollupBucket } from "./rollup-bucket";

export interface SeriesPoint {
  /** Start of the step (ISO). */
  t: string;
  total: number;
  ok: number;
  uptime: number | null;
  avgMs: number | null;
  p50: number | null;
  p95: number | null;
  /** Average phase durations of successful probes; transfer = total − the rest. */
  phases: { dns: number; connect: number; tunnel: number; tls: number; ttfb: number; transfer: number } | null;
  kinds: Record<string, number>;
}

export interface RouteSeries {
  routeId: number;
  from: string;
  to: string;
  stepMs: number;
  source: "minute" | "hour";
  points: SeriesPoint[];
  /** The whole range at once (latency quantiles from the merged histograms, not from the steps' own). */
  summary: RangeSummary;
}

export interface RangeSummary {
  total: number;
  ok: number;
  uptime: number | null;
  p50: number | null;
  p95: number | null;
}

export const MAX_POINTS = 2000;

/** A sensible step for a range: about 60–200 points, whole minutes or hours. */
export function defaultStepMs(rangeMs: number): number {
  const steps = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS, 4 * HOUR_MS, 12 * HOUR_MS, 24 * HOUR_MS];
  return steps.find((step) => rangeMs / step <= 200) ?? 24 * HOUR_MS;
}

/**
 * A route's chart data between `from` and `to`, one point per step, read
 * from the rollups only (minute rollups for steps under an hour, hour rollups
 * otherwise), so 30 days cost at most 720 rows.
 */
export async function getRouteSeries(store: Store, routeId: number, from: number, to: number, stepMs: number): Promise<RouteSeries> {
  const source = stepMs % HOUR_MS === 0 ? "hour" : "minute";
  const size = source === "hour" ? HOUR_MS : MINUTE_MS;
  const start = bucketStart(from, stepMs);
  const rows = await store.history.listRollups({ routeId, size: source, from: bucketStart(start, size), to });

  const steps = new Map<number, RollupBucket>();
  let whole = emptyBucket();
  for (const { bucket, rollup } of rows) {
    const key = bucketStart(bucket, stepMs);
    steps.set(key, mergeBuckets(steps.get(key) ?? emptyBucket(), rollup));
    whole = mergeBuckets(whole, rollup);
  }
  const points: SeriesPoint[] = [];
  for (let t = start; t < to; t += stepMs) points.push(toPoint(t, steps.get(t) ?? emptyBucket()));
  const { total, ok, uptime, p50, p95 } = toPoint(start, whole);
  return { routeId, from: new Date(start).toISOString(), to: new Date(to).toISOString(), stepMs, source, points, summary: { total, ok, uptime, p50, p95 } };
}

function toPoint(t: number, bucket: RollupBucket): SeriesPoint {
  const ok = bucket.okCount;
  const average = (sum: number) => Math.round((sum / ok) * 100) / 100;
  const observed = { min: bucket.latencyMinMs, max: bucket.latencyMaxMs };
  let phases: SeriesPoint["phases"] = null;
  if (ok > 0) {
    const parts = { dns: average(bucket.dnsSumMs), connect: average(bucket.connectSumMs), tunnel: average(bucket.tunnelSumMs), tls: average(bucket.tlsSumMs), ttfb: average(bucket.ttfbSumMs) };
    const rest = Object.values(parts).reduce((a, b) => a + b, 0);
    phases = { ...parts, transfer: Math.max(0, Math.round((average(bucket.latencySumMs) - rest) * 100) / 100) };
  }
  return {
    t: new Date(t).toISOString(),
    total: bucket.total,
    ok,
    uptime: bucket.total ? ok / bucket.total : null,
    avgMs: ok ? average(bucket.latencySumMs) : null,
    p50: quantile(bucket.latencyHist, 0.5, observed),
    p95: quantile(bucket.latencyHist, 0.95, observed),
    phases,
    kinds: bucket.kindCounts,
  };
}
