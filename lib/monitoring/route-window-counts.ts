import { upperBound } from "./latency-histogram";

// Bound once: an imported binding read in a hot loop is a property read (a getter call under tsx's CommonJS output).
const boundOf = upperBound;

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

/** Per slot and window: total, ok, and the lowest bucket that held a count since the slot was cleared (quantiles start there). */
const FIELDS = 3;
const F_TOTAL = 0;
const F_OK = 1;
const F_LOW = 2;
const NO_BUCKET = 0x7fffffff;

/**
 * Every route's counts over its three windows, kept by adding what enters a
 * window and subtracting what leaves it, in flat typed arrays indexed by the
 * route's slot: a route's dense latency histograms (bucket index → count)
 * are one run of a shared Int32Array, its three windows' counts of a bucket
 * side by side, so adding a result writes one cache line there and one in
 * the counts, and the quantiles scan contiguous memory, with no object per
 * route or window to chase (at 10,000 routes, per-route objects made the
 * summaries' work mostly cache misses).
 */
export class RouteWindowCounts {
  /** Slots allocated. */
  private capacity = 0;
  /** Histogram buckets per window: grows to the highest bucket any result reached (all runs move then, rarely). */
  private buckets = 0;
  /** Per slot and window, FIELDS each. */
  private fields = new Int32Array(0);
  /** Per slot, bucket and window: (slot × buckets + bucket) × WINDOWS + window. */
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
    return this.fields[(slot * WINDOWS + window) * FIELDS + F_TOTAL]!;
  }

  /** Empties a slot's windows. */
  reset(slot: number): void {
    const at = slot * WINDOWS * FIELDS;
    this.fields.fill(0, at, at + WINDOWS * FIELDS);
    for (let window = 0; window < WINDOWS; window++) this.fields[at + window * FIELDS + F_LOW] = NO_BUCKET;
    this.hist.fill(0, slot * this.buckets * WINDOWS, (slot + 1) * this.buckets * WINDOWS);
  }

  addSlice(slot: number, window: number, slice: RollupSlice, sign: 1 | -1): void {
    const at = (slot * WINDOWS + window) * FIELDS;
    this.fields[at + F_TOTAL]! += sign * slice.total;
    this.fields[at + F_OK]! += sign * slice.okCount;
    for (const key in slice.hist) this.bump(slot, window, Number(key), sign * slice.hist[key]!);
  }

  /** One result: `index` is its latency bucket when it succeeded, -1 when it failed. */
  addResult(slot: number, window: number, index: number, sign: 1 | -1): void {
    const at = (slot * WINDOWS + window) * FIELDS;
    this.fields[at + F_TOTAL]! += sign;
    if (index < 0) return;
    this.fields[at + F_OK]! += sign;
    this.bump(slot, window, index, sign);
  }

  /** Writes total, ok, p50, p95, p99 (NaN: none) of a window into `out` at its place in summary-deadband's layout. */
  figuresInto(out: Float64Array, slot: number, window: number, min: number | null, max: number | null): void {
    const at = (slot * WINDOWS + window) * FIELDS;
    const place = window * PER_WINDOW;
    out[place + TOTAL] = this.fields[at + F_TOTAL]!;
    const ok = this.fields[at + F_OK]!;
    out[place + OK] = ok;
    this.quantilesInto(out, place + P50, slot, window, ok, QUANTILES, min, max);
  }

  /** Writes a window's one-result bands of p50 and p95 (see summary-deadband) into `out` at its place. */
  bandsInto(out: Float64Array, slot: number, window: number, min: number | null, max: number | null): void {
    const place = window * PER_WINDOW;
    const ok = this.fields[(slot * WINDOWS + window) * FIELDS + F_OK]!;
    const step = ok > 0 ? 1 / ok : 0;
    BANDS[0] = Math.max(0, 0.5 - step);
    BANDS[1] = 0.5 + step;
    BANDS[2] = 0.95 - step;
    BANDS[3] = Math.min(1, 0.95 + step);
    if (BANDS[1]! <= BANDS[2]!) this.quantilesInto(out, place + P50_LOW, slot, window, ok, BANDS, min, max);
    else {
      // Under 5 results the two bands overlap: one pass each (the quantiles must be ascending).
      this.quantilesInto(out, place + P50_LOW, slot, window, ok, BANDS_LOW, min, max);
      this.quantilesInto(out, place + P95_LOW, slot, window, ok, BANDS_HIGH, min, max);
    }
  }

  /**
   * latency-histogram's quantile at each q (ascending) of one window's run,
   * into `out` from `place` (NaN for none): the same arithmetic as
   * quantilesOfCountsInto, so the same answers as a full recompute.
   */
  private quantilesInto(out: Float64Array, place: number, slot: number, window: number, total: number, qs: Float64Array, min: number | null, max: number | null): void {
    const wanted = qs.length;
    let next = 0;
    if (total !== 0) {
      const hist = this.hist;
      const buckets = this.buckets;
      const base = slot * buckets * WINDOWS + window;
      const lowest = Math.min(this.fields[(slot * WINDOWS + window) * FIELDS + F_LOW]!, buckets);
      const floor = min ?? -Infinity;
      const ceiling = max ?? Infinity;
      let seen = 0;
      for (let index = lowest; index < buckets && next < wanted; index++) {
        const count = hist[base + index * WINDOWS]!;
        if (count <= 0) continue;
        // One bucket may hold several of the quantiles.
        while (next < wanted && seen + count >= qs[next]! * total) {
          const rank = qs[next]! * total;
          const low = index === 0 ? 0 : boundOf(index - 1);
          const high = boundOf(index);
          const estimate = low + (high - low) * ((rank - seen) / count);
          out[place + next++] = Math.round(Math.min(ceiling, Math.max(floor, estimate)) * 100) / 100;
        }
        seen += count;
      }
    }
    const rest = total === 0 ? Number.NaN : (max ?? Number.NaN);
    while (next < wanted) out[place + next++] = rest;
  }

  private bump(slot: number, window: number, index: number, by: number): void {
    if (index >= this.buckets) this.resize(this.capacity, index + 16);
    const low = (slot * WINDOWS + window) * FIELDS + F_LOW;
    if (index < this.fields[low]!) this.fields[low] = index;
    this.hist[(slot * this.buckets + index) * WINDOWS + window]! += by;
  }

  private resize(capacity: number, buckets: number): void {
    const fields = new Int32Array(capacity * WINDOWS * FIELDS);
    fields.set(this.fields);
    this.fields = fields;
    const hist = new Int32Array(capacity * buckets * WINDOWS);
    const run = this.buckets * WINDOWS;
    if (buckets === this.buckets) hist.set(this.hist);
    else for (let slot = 0; slot < this.capacity; slot++) hist.set(this.hist.subarray(slot * run, (slot + 1) * run), slot * buckets * WINDOWS);
    this.hist = hist;
    this.capacity = capacity;
    this.buckets = buckets;
  }
}
