import { addLatency, mergeHistograms, parseHistogram, type LatencyHistogram } from "./latency-histogram";

/** The aggregates of one route over one minute or one hour. */
export interface RollupBucket {
  total: number;
  okCount: number;
  kindCounts: Record<string, number>;
  latencySumMs: number;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
  latencyHist: LatencyHistogram;
  dnsSumMs: number;
  connectSumMs: number;
  tunnelSumMs: number;
  tlsSumMs: number;
  ttfbSumMs: number;
}

export interface RollupInput {
  ok: boolean;
  kind: string;
  totalMs: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tunnelMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
}

export function emptyBucket(): RollupBucket {
  return {
    total: 0,
    okCount: 0,
    kindCounts: {},
    latencySumMs: 0,
    latencyMinMs: null,
    latencyMaxMs: null,
    latencyHist: {},
    dnsSumMs: 0,
    connectSumMs: 0,
    tunnelSumMs: 0,
    tlsSumMs: 0,
    ttfbSumMs: 0,
  };
}

/**
 * Adds one result. Latency aggregates count successful probes only: a
 * timeout's duration is the configured deadline, not the route's speed.
 */
export function addToBucket(bucket: RollupBucket, result: RollupInput): RollupBucket {
  bucket.total += 1;
  bucket.kindCounts[result.kind] = (bucket.kindCounts[result.kind] ?? 0) + 1;
  if (!result.ok) return bucket;
  bucket.okCount += 1;
  const ms = result.totalMs ?? 0;
  bucket.latencySumMs += ms;
  bucket.latencyMinMs = bucket.latencyMinMs === null ? ms : Math.min(bucket.latencyMinMs, ms);
  bucket.latencyMaxMs = bucket.latencyMaxMs === null ? ms : Math.max(bucket.latencyMaxMs, ms);
  addLatency(bucket.latencyHist, ms);
  bucket.dnsSumMs += result.dnsMs ?? 0;
  bucket.connectSumMs += result.connectMs ?? 0;
  bucket.tunnelSumMs += result.tunnelMs ?? 0;
  bucket.tlsSumMs += result.tlsMs ?? 0;
  bucket.ttfbSumMs += result.ttfbMs ?? 0;
  return bucket;
}

export function mergeBuckets(into: RollupBucket, from: RollupBucket): RollupBucket {
  into.total += from.total;
  into.okCount += from.okCount;
  for (const [kind, count] of Object.entries(from.kindCounts)) into.kindCounts[kind] = (into.kindCounts[kind] ?? 0) + count;
  into.latencySumMs += from.latencySumMs;
  if (from.latencyMinMs !== null) into.latencyMinMs = into.latencyMinMs === null ? from.latencyMinMs : Math.min(into.latencyMinMs, from.latencyMinMs);
  if (from.latencyMaxMs !== null) into.latencyMaxMs = into.latencyMaxMs === null ? from.latencyMaxMs : Math.max(into.latencyMaxMs, from.latencyMaxMs);
  mergeHistograms(into.latencyHist, from.latencyHist);
  into.dnsSumMs += from.dnsSumMs;
  into.connectSumMs += from.connectSumMs;
  into.tunnelSumMs += from.tunnelSumMs;
  into.tlsSumMs += from.tlsSumMs;
  into.ttfbSumMs += from.ttfbSumMs;
  return into;
}

/** A bucket as stored: the JSON columns as text. */
export interface RollupRow {
  total: number;
  okCount: number;
  kindCounts: string;
  latencySumMs: number;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
  latencyHist: string;
  dnsSumMs: number;
  connectSumMs: number;
  tunnelSumMs: number;
  tlsSumMs: number;
  ttfbSumMs: number;
}

export function bucketFromRow(row: RollupRow): RollupBucket {
  return { ...row, kindCounts: JSON.parse(row.kindCounts) as Record<string, number>, latencyHist: parseHistogram(row.latencyHist) };
}

export function bucketToRow(bucket: RollupBucket): RollupRow {
  return { ...bucket, kindCounts: JSON.stringify(bucket.kindCounts), latencyHist: JSON.stringify(bucket.latencyHist) };
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export function bucketStart(atMs: number, sizeMs: number): number {
  return Math.floor(atMs / sizeMs) * sizeMs;
}
