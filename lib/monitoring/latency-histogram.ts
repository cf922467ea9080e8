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
  const answers: Array<number | null> = [];
  if (total === 0) return qs.map(() => null);
  let next = 0;
  let seen = 0;
  for (let index = from; index < counts.length && next < qs.length; index++) {
    const count = counts[index]!;
    if (count <= 0) continue;
    // One bucket may hold several of the quantiles.
    while (next < qs.length && seen + count >= qs[next]! * total) {
      const rank = qs[next]! * total;
      const [low, high] = bucketBounds(index);
      const estimate = low + (high - low) * ((rank - seen) / count);
      answers.push(Math.round(Math.min(max ?? Infinity, Math.max(min ?? -Infinity, estimate)) * 100) / 100);
      next++;
    }
    seen += count;
  }
  while (answers.length < qs.length) answers.push(max);
  return answers;
}

/** One q of quantilesOfCounts. */
export function quantileOfCounts(counts: ArrayLike<number>, total: number, q: number, min: number | null, max: number | null): number | null {
  return quantilesOfCounts(counts, total, [q], min, max)[0]!;
}
