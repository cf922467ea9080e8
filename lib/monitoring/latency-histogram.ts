/**
 * A mergeable latency sketch: counts in geometric buckets (each 10% wider than
 * the last), stored sparsely as { bucketIndex: count }. Percentiles read from
 * it are within about 5% of the exact value, and merging rollups is adding.
 */
export type LatencyHistogram = Record<number, number>;

const GROWTH = 1.1;
const LOG_GROWTH = Math.log(GROWTH);

/** Bucket i holds latencies in (GROWTH^(i-1), GROWTH^i] ms; bucket 0 holds ≤ 1 ms. */
export function bucketIndex(ms: number): number {
  if (!(ms > 1)) return 0;
  return Math.ceil(Math.log(ms) / LOG_GROWTH - 1e-9);
}

export function bucketBounds(index: number): [number, number] {
  return index === 0 ? [0, 1] : [GROWTH ** (index - 1), GROWTH ** index];
}

/** GROWTH^i for the buckets up to about 10^9 ms, computed once (the same numbers as bucketBounds). */
const UPPER_BOUNDS = Float64Array.from({ length: 220 }, (_, index) => (index === 0 ? 1 : GROWTH ** index));

/** Bucket `index`'s upper bound, as bucketBounds gives it. */
export function upperBound(index: number): number {
  return index < UPPER_BOUNDS.length ? UPPER_BOUNDS[index]! : GROWTH ** index;
}

export function addLatency(histogram: LatencyHistogram, ms: number): void {
  const index = bucketIndex(ms);
  histogram[index] = (histogram[index] ?? 0) + 1;
}

export function mergeHistograms(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [index, count] of Object.entries(from)) {
    const key = Number(index);
    into[key] = (into[key] ?? 0) + count;
  }
}

export function parseHistogram(json: string | null | undefined): LatencyHistogram {
  if (!json) return {};
  const value = JSON.parse(json) as unknown;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as LatencyHistogram) : {};
}

/**
 * The q-quantile (0..1), interpolated inside its bucket and clamped to the
 * observed min/max when known. Null for an empty histogram.
 */
export function quantile(histogram: LatencyHistogram, q: number, observed?: { min?: number | null; max?: number | null }): number | null {
  const entries = Object.entries(histogram)
    .map(([index, count]) => [Number(index), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (const [index, count] of entries) {
    if (seen + count >= rank) {
      const [low, high] = bucketBounds(index);
      const within = count === 0 ? 0 : (rank - seen) / count;
      const estimate = low + (high - low) * within;
      const min = observed?.min ?? -Infinity;
      const max = observed?.max ?? Infinity;
      return Math.round(Math.min(max, Math.max(min, estimate)) * 100) / 100;
    }
    seen += count;
  }
  return observed?.max ?? null;
}

/**
 * `quantile` at several q (ascending) over counts held densely (counts[i] is
 * bucket i's count, total their sum), in one pass, for the incremental
 * summaries that keep one array per window rather than a sparse object: the
 * same arithmetic for each q, so the same answers.
 */
export function quantilesOfCounts(
  counts: ArrayLike<number>,
  total: number,
  qs: readonly number[],
  min: number | null,
  max: number | null,
  /** No bucket below this one holds a count (a hint that skips the empty low buckets). */
  from = 0,
): Array<number | null> {
  const out = new Float64Array(qs.length);
  quantilesOfCountsInto(out, 0, counts, total, qs, min, max, from);
  return Array.from(out, (value) => (Number.isNaN(value) ? null : value));
}

/**
 * quantilesOfCounts writing its answers into `out` from `at` (NaN for
 * null), allocating nothing: the incremental summaries call it for every
 * route every minute.
 */
export function quantilesOfCountsInto(
  out: Float64Array,
  at: number,
  counts: ArrayLike<number>,
  total: number,
  qs: ArrayLike<number>,
  min: number | null,
  max: number | null,
  from = 0,
): void {
  let next = 0;
  if (total !== 0) {
    let seen = 0;
    for (let index = from; index < counts.length && next < qs.length; index++) {
      const count = counts[index]!;
      if (count <= 0) continue;
      // One bucket may hold several of the quantiles.
      while (next < qs.length && seen + count >= qs[next]! * total) {
        const rank = qs[next]! * total;
        const low = index === 0 ? 0 : upperBound(index - 1);
        const high = upperBound(index);
        const estimate = low + (high - low) * ((rank - seen) / count);
        out[at + next++] = Math.round(Math.min(max ?? Infinity, Math.max(min ?? -Infinity, estimate)) * 100) / 100;
      }
      seen += count;
    }
  }
  const rest = total === 0 ? Number.NaN : (max ?? Number.NaN);
  while (next < qs.length) out[at + next++] = rest;
}

/** One q of quantilesOfCounts. */
export function quantileOfCounts(counts: ArrayLike<number>, total: number, q: number, min: number | null, max: number | null): number | null {
  return quantilesOfCounts(counts, total, [q], min, max)[0]!;
}
