/**
 * The minimum over the buckets of a sliding window, kept as the classic
 * monotonic queue: only buckets that no later bucket undercuts are kept
 * (typically a handful), so a bucket leaving the window costs nothing and the
 * minimum over any suffix of the window is the first candidate in it. A
 * bucket's value may only go down (it gains results), which keeps the queue
 * exact without remembering every bucket. For a maximum, feed negated values.
 */
export class SlidingMinimum {
  private buckets: number[] = [];
  private values: number[] = [];

  /** Bucket `bucket` holds `value` (its minimum is the lowest value offered for it). */
  offer(bucket: number, value: number): void {
    const { buckets, values } = this;
    if (buckets.length === 0 || buckets[buckets.length - 1]! <= bucket) {
      // The usual case, the newest bucket: no allocation.
      if (buckets[buckets.length - 1] === bucket && values[values.length - 1]! <= value) return;
      while (values.length > 0 && values[values.length - 1]! >= value) {
        buckets.pop();
        values.pop();
      }
      buckets.push(bucket);
      values.push(value);
      return;
    }
    // The first candidate after this bucket is the minimum of everything later.
    let after = buckets.length;
    while (after > 0 && buckets[after - 1]! > bucket) after--;
    if (after < buckets.length && values[after]! <= value) return;
    if (after > 0 && buckets[after - 1] === bucket && values[after - 1]! <= value) return;
    // Candidates up to this bucket that are not lower are undercut by it.
    let from = after;
    while (from > 0 && values[from - 1]! >= value) from--;
    buckets.splice(from, after - from, bucket);
    values.splice(from, after - from, value);
  }

  /** Forgets the buckets before `start`. */
  expire(start: number): void {
    let drop = 0;
    while (drop < this.buckets.length && this.buckets[drop]! < start) drop++;
    if (drop === 0) return;
    this.buckets.splice(0, drop);
    this.values.splice(0, drop);
  }

  /** The minimum over the buckets from `start` on, null when none holds a value. */
  minSince(start: number): number | null {
    for (let i = 0; i < this.buckets.length; i++) if (this.buckets[i]! >= start) return this.values[i]!;
    return null;
  }

  clear(): void {
    this.buckets = [];
    this.values = [];
  }
}
