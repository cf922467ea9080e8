/** Upper bounds (ms) of the Prometheus latency histogram's buckets; +Inf is implied. */
export const LATENCY_BUCKETS_MS = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000] as const;

/** Index of the first bucket whose bound holds `ms` (the last index is +Inf). */
export function latencyBucketIndex(ms: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}
