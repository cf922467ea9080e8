import { quantilesOfCountsInto } from "./latency-histogram";
import { OK, P50, TOTAL } from "./summary-deadband";

const QUANTILES = [0.5, 0.95, 0.99] as const;

/** What one rollup row adds to a window: its counts and sparse latency histogram. */
export interface RollupSlice {
  total: number;
  okCount: number;
  hist: Record<number, number>;
  min: number | null;
  max: number | null;
}

/**
 * One route's counts over one window, kept by adding what enters it and
 * subtracting what leaves it. The histogram is a dense array (index → count)
 * so that quantiles read it without sorting.
 */
export class WindowCounts {
  total = 0;
  ok = 0;
  readonly hist: number[] = [];
  /** No bucket below this one has ever held a count here, so quantiles start there. */
  private low = Infinity;

  addSlice(slice: RollupSlice, sign: 1 | -1): void {
    this.total += sign * slice.total;
    this.ok += sign * slice.okCount;
    for (const key in slice.hist) this.bump(Number(key), sign * slice.hist[key]!);
  }

  /** One result: `index` is its latency bucket when it succeeded, -1 when it failed. */
  addResult(index: number, sign: 1 | -1): void {
    this.total += sign;
    if (index < 0) return;
    this.ok += sign;
    this.bump(index, sign);
  }

  /** Writes total, ok, p50, p95, p99 (NaN: none) into `out` from `at`, as summary-deadband lays them out. */
  figuresInto(out: Float64Array, at: number, min: number | null, max: number | null): void {
    out[at + TOTAL] = this.total;
    out[at + OK] = this.ok;
    quantilesOfCountsInto(out, at + P50, this.hist, this.ok, QUANTILES, min, max, Math.min(this.low, this.hist.length));
  }

  private bump(index: number, by: number): void {
    if (index < this.low) this.low = index;
    while (this.hist.length <= index) this.hist.push(0);
    this.hist[index]! += by;
  }
}
