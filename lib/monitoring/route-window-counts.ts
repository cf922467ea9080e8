import { upperBound } from "./latency-histogram";

/** What one rollup row adds to a window: its counts and sparse latency histogram. */
export interface RollupSlice {
  total: number;
  okCount: number;
  hist: Record<number, number>;
  min: number | null;
  max: number | null;
}

/** The windows each route keeps: 1h, 24h, 7d (summary-deadband's order). */
export const WINDOWS = 3;
/** Where a window's figures start in summary-deadband's layout, and its fields (copied here: read in the hottest loop). */
const PER_WINDOW = 9;
const TOTAL = 0;
const OK = 1;
const P50 = 2;
const P50_LOW = 5;
const P95_LOW = 7;
const QUANTILES = Float64Array.of(0.5, 0.95, 0.99);
/** The q ± 1/n of the one-result bands (see summary-deadband), reused. */
const BANDS = new Float64Array(4);
const BANDS_LOW = BANDS.subarray(0, 2);
const BANDS_HIGH = BANDS.subarray(2, 4);

/**
 * Every route's counts over its three windows, kept by adding what enters a
 * window and subtracting what leaves it, in flat typed arrays indexed by the
 * route's slot: a window's dense latency histogram (bucket index → count) is
 * one run of a shared Int32Array, the three windows of a route side by
 * side. Adding a result is a few array writes, and the quantiles scan
 * contiguous memory, with no object per route or window to chase (at
 * 10,000 routes, per-route objects made the quantile scans mostly cache
 * misses).
 */
export class RouteWindowCounts {
  /** Slots allocated. */
  private capacity = 0;
  /** Histogram buckets per window: grows to the highest bucket any result reached (all runs move then, rarely). */
  private buckets = 0;
  /** Per slot and window: total, ok. */
  private totals = new Int32Array(0);
  private oks = new Int32Array(0);
  /** Per slot and window: no bucket below this one has held a count since the slot was cleared (quantiles start there). */
  private lows = new Int32Array(0);
  private hist = new Int32Array(0);
  private readonly free: number[] = [];
  private used = 0;

  /** A cleared slot for a route. */
  allocate(): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.used++;
    if (slot >= this.capacity) this.resize(Math.max(64, Math.ceil(this.capacity * 1.5), slot + 1), this.buckets);
    this.reset(slot);
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** Forgets every slot. */
  clear(): void {
    this.free.length = 0;
    this.used = 0;
  }

  total(slot: number, window: number): number {
    return this.totals[slot * WINDOWS + window]!;
  }

  /** Empties a slot's windows. */
  reset(slot: number): void {
    const at = slot * WINDOWS;
    this.totals.fill(0, at, at + WINDOWS);
    this.oks.fill(0, at, at + WINDOWS);
    this.lows.fill(0x7fffffff, at, at + WINDOWS);
    this.hist.fill(0, at * this.buckets, (at + WINDOWS) * this.buckets);
  }

  addSlice(slot: number, window: number, slice: RollupSlice, sign: 1 | -1): void {
    const at = slot * WINDOWS + window;
    this.totals[at]! += sign * slice.total;
    this.oks[at]! += sign * slice.okCount;
    for (const key in slice.hist) this.bump(at, Number(key), sign * slice.hist[key]!);
  }

  /** One result: `index` is its latency bucket when it succeeded, -1 when it failed. */
  addResult(slot: number, window: number, index: number, sign: 1 | -1): void {
    const at = slot * WINDOWS + window;
    this.totals[at]! += sign;
    if (index < 0) return;
    this.oks[at]! += sign;
    this.bump(at, index, sign);
  }

  /** Writes total, ok, p50, p95, p99 (NaN: none) of a window into `out` at its place in summary-deadband's layout. */
  figuresInto(out: Float64Array, slot: number, window: number, min: number | null, max: number | null): void {
    const at = slot * WINDOWS + window;
    const place = window * PER_WINDOW;
    out[place + TOTAL] = this.totals[at]!;
    const ok = this.oks[at]!;
    out[place + OK] = ok;
    this.quantilesInto(out, place + P50, at, ok, QUANTILES, min, max);
  }

  /** Writes a window's one-result bands of p50 and p95 (see summary-deadband) into `out` at its place. */
  bandsInto(out: Float64Array, slot: number, window: number, min: number | null, max: number | null): void {
    const at = slot * WINDOWS + window;
    const place = window * PER_WINDOW;
    const ok = this.oks[at]!;
    const step = ok > 0 ? 1 / ok : 0;
    BANDS[0] = Math.max(0, 0.5 - step);
    BANDS[1] = 0.5 + step;
    BANDS[2] = 0.95 - step;
    BANDS[3] = Math.min(1, 0.95 + step);
    if (BANDS[1]! <= BANDS[2]!) this.quantilesInto(out, place + P50_LOW, at, ok, BANDS, min, max);
    else {
      // Under 5 results the two bands overlap: one pass each (the quantiles must be ascending).
      this.quantilesInto(out, place + P50_LOW, at, ok, BANDS_LOW, min, max);
      this.quantilesInto(out, place + P95_LOW, at, ok, BANDS_HIGH, min, max);
    }
  }

  /**
   * latency-histogram's quantile at each q (ascending) of one window's run,
   * into `out` from `place` (NaN for none): the same arithmetic as
   * quantilesOfCountsInto, so the same answers as a full recompute.
   */
  private quantilesInto(out: Float64Array, place: number, at: number, total: number, qs: Float64Array, min: number | null, max: number | null): void {
    const wanted = qs.length;
    let next = 0;
    if (total !== 0) {
      const hist = this.hist;
      const base = at * this.buckets;
      const lowest = Math.min(this.lows[at]!, this.buckets);
      const floor = min ?? -Infinity;
      const ceiling = max ?? Infinity;
      let seen = 0;
      for (let index = lowest; index < this.buckets && next < wanted; index++) {
        const count = hist[base + index]!;
        if (count <= 0) continue;
        // One bucket may hold several of the quantiles.
        while (next < wanted && seen + count >= qs[next]! * total) {
          const rank = qs[next]! * total;
          const low = index === 0 ? 0 : upperBound(index - 1);
          const high = upperBound(index);
          const estimate = low + (high - low) * ((rank - seen) / count);
          out[place + next++] = Math.round(Math.min(ceiling, Math.max(floor, estimate)) * 100) / 100;
        }
        seen += count;
      }
    }
    const rest = total === 0 ? Number.NaN : (max ?? Number.NaN);
    while (next < wanted) out[place + next++] = rest;
  }

  private bump(at: number, index: number, by: number): void {
    if (index >= this.buckets) this.resize(this.capacity, index + 16);
    if (index < this.lows[at]!) this.lows[at] = index;
    this.hist[at * this.buckets + index]! += by;
  }

  private resize(capacity: number, buckets: number): void {
    const grow = (from: Int32Array, size: number, fill: number) => {
      const to = new Int32Array(size);
      if (fill !== 0) to.fill(fill);
      to.set(from.subarray(0, Math.min(from.length, size)));
      return to;
    };
    this.totals = grow(this.totals, capacity * WINDOWS, 0);
    this.oks = grow(this.oks, capacity * WINDOWS, 0);
    this.lows = grow(this.lows, capacity * WINDOWS, 0x7fffffff);
    const hist = new Int32Array(capacity * WINDOWS * buckets);
    if (buckets === this.buckets) hist.set(this.hist);
    else for (let run = 0; run < this.capacity * WINDOWS; run++) hist.set(this.hist.subarray(run * this.buckets, (run + 1) * this.buckets), run * buckets);
    this.hist = hist;
    this.capacity = capacity;
    this.buckets = buckets;
  }
}
