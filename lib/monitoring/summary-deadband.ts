/**
 * When a route's summary row must be rewritten. The figures kept in memory
 * are always exact; the row a reader sees is rewritten when what it shows
 * moved materially (a deadband, as telemetry systems report a value only
 * when it moved by more than its noise), and otherwise at least every
 * `maxAgeMs`, so counts and small drifts are never older than that.
 */
export interface SummaryDeadband {
  /** Any window's uptime moved by at least this (a fraction of 1: 0.001 is 0.1 percentage point)… */
  uptime: number;
  /**
   * …and by at least this many results' share of the window (one result in
   * 60 is 1.7 points). At a half, a failure entering or leaving the window
   * always counts, but the window's total moving by one as it slides (59 or
   * 60 probes in the last hour, the same failures) does not.
   */
  uptimeResults: number;
  /**
   * p50 or p95 moved by at least this share of the shown value, and by more
   * than one result could move it (the shown value lies outside the
   * quantile's band, from q − 1/n to q + 1/n of the n timed results: one
   * slow probe entering the hour's 60 moves its p95 by a rank, often by
   * more than 10%)…
   */
  latencyShare: number;
  /** …and by at least this many ms (a few ms of jitter on a fast route is not news). */
  latencyFloorMs: number;
  /** Every row is rewritten at least this often. */
  maxAgeMs: number;
}

/**
 * 0.1 percentage point of uptime (the pages show one decimal below 99%, two
 * above, so a smaller move there may show up to maxAgeMs late) and 10% of
 * p50/p95 (one bucket of the latency sketch, its own resolution). 5 minutes
 * bounds the rest: at 10,000 routes that is 2,000 rewrites a minute, within
 * the summaries' 50 ms budget, and a 1h window's counts lag by at most a
 * twelfth of its span.
 */
export const DEFAULT_DEADBAND: SummaryDeadband = { uptime: 0.001, uptimeResults: 0.5, latencyShare: 0.1, latencyFloorMs: 5, maxAgeMs: 5 * 60_000 };

/** Every change written at the next flush, every row at every flush: the rows always equal a full recompute. */
export const NO_DEADBAND: SummaryDeadband = { uptime: 0, uptimeResults: 0, latencyShare: 0, latencyFloorMs: 0, maxAgeMs: 0 };

/**
 * A route's figures, flat (no allocation per route and minute): per window
 * total, ok, p50, p95, p99, then the one-result bands of p50 and p95 (see
 * latencyShare), NaN for none.
 */
export const WINDOW_NAMES = ["1h", "24h", "7d"] as const;
export const PER_WINDOW = 9;
export const FIGURES = WINDOW_NAMES.length * PER_WINDOW;
export const TOTAL = 0;
export const OK = 1;
export const P50 = 2;
export const P95 = 3;
export const P99 = 4;
export const P50_LOW = 5;
export const P50_HIGH = 6;
export const P95_LOW = 7;
export const P95_HIGH = 8;

/**
 * Whether `current` differs materially from `shown` (the figures last
 * written). `rolled`: an hour boundary passed since that write, so the
 * 24h and 7d windows each lost an hour's row; that expected step waits for
 * the periodic rewrite (spread over the routes), unless a window became
 * empty or non-empty, so that the hour is not a burst of every route's row.
 */
export function movedMaterially(
  shown: Float64Array,
  current: Float64Array,
  rolled: boolean,
  band: SummaryDeadband,
  /** Fills a window's one-result bands into `current`, asked only when a quantile moved past the share (they cost a scan). */
  fillBands: (window: number) => void,
): boolean {
  for (let window = 0; window < WINDOW_NAMES.length; window++) {
    const at = window * PER_WINDOW;
    const shownTotal = shown[at + TOTAL]!;
    const total = current[at + TOTAL]!;
    if ((shownTotal === 0) !== (total === 0)) return true;
    if (total === 0 || (rolled && window > 0)) continue;
    if (Math.abs(current[at + OK]! / total - shown[at + OK]! / shownTotal) >= Math.max(band.uptime, band.uptimeResults / total)) return true;
    let filled = false;
    for (const [quantile, low] of QUANTILE_BANDS) {
      const moved = latencyMoved(shown[at + quantile]!, current[at + quantile]!, band);
      if (moved === "no") continue;
      if (moved === "yes") return true;
      if (!filled) fillBands(window);
      filled = true;
      const value = shown[at + quantile]!;
      if (!(value >= current[at + low]! && value <= current[at + low + 1]!)) return true;
    }
  }
  return false;
}

const QUANTILE_BANDS = [
  [P50, P50_LOW],
  [P95, P95_LOW],
] as const;

/** "band": moved past the share and the floor, material unless one result more or less explains it. */
function latencyMoved(shown: number, now: number, band: SummaryDeadband): "yes" | "no" | "band" {
  const shownNone = Number.isNaN(shown);
  if (shownNone || Number.isNaN(now)) return shownNone !== Number.isNaN(now) ? "yes" : "no";
  const moved = Math.abs(now - shown);
  return moved < band.latencyFloorMs || moved < band.latencyShare * shown ? "no" : "band";
}
