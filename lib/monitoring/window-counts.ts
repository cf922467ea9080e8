import { quantilesOfCountsInto } from "./latency-histogram";
import { OK, P50, P50_LOW, P95_LOW, TOTAL } from "./summary-deadband";

const QUANTILES = [0.5, 0.95, 0.99] as const;
/** The q ± 1/n of the one-result bands (see summary-deadband), reused. */
const BANDS = new Float64Array(4);

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

  /** Writes the one-result bands of p50 and p95 (see summary-deadband) into `out` from `at`. */
  bandsInto(out: Float64Array, at: number, min: number | null, max: number | null): void {
    const { ok, hist } = this;
    const from = Math.min(this.low, hist.length);
    const step = ok > 0 ? 1 / ok : 0;
    BANDS[0] = Math.max(0, 0.5 - step);
    BANDS[1] = 0.5 + step;
    BANDS[2] = 0.95 - step;
    BANDS[3] = Math.min(1, 0.95 + step);
    if (BANDS[1]! <= BANDS[2]!) quantilesOfCountsInto(out, at + P50_LOW, hist, ok, BANDS, min, max, from);
    else {
      // Under 5 results the two bands overlap: one pass each (the quantiles must be ascending).
      quantilesOfCountsInto(out, at + P50_LOW, hist, ok, BANDS.subarray(0, 2), min, max, from);
      quantilesOfCountsInto(out, at + P95_LOW, hist, ok, BANDS.subarray(2, 4), min, max, from);
    }
  }

  private bump(index: number, by: number): void {
    if (index < this.low) this.low = index;
    while (this.hist.length <= index) this.hist.push(0);
    this.hist[index]! += by;
  }
}
