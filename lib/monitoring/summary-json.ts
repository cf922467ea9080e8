import type { RouteWindows, WindowSummary } from "./route-windows";
import { OK, P50, P95, P99, PER_WINDOW, TOTAL, WINDOW_NAMES } from "./summary-deadband";

/** summary-deadband's layout bound once: an imported binding read per row is a property read (a getter call under tsx's CommonJS output). */
const LAYOUT = { names: WINDOW_NAMES, perWindow: PER_WINDOW, total: TOTAL, ok: OK, p50: P50, p95: P95, p99: P99 };

/** A route's figures (summary-deadband's layout) as the windows a RouteSummary row holds. */
export function summaryWindows(figures: Float64Array): RouteWindows {
  const { names, perWindow, total: TOTAL_AT, ok: OK_AT, p50, p95, p99 } = LAYOUT;
  const windows = {} as RouteWindows;
  names.forEach((name, window) => {
    const at = window * perWindow;
    const total = figures[at + TOTAL_AT]!;
    const ok = figures[at + OK_AT]!;
    const summary: WindowSummary = { total, ok, uptime: total ? ok / total : null, p50: orNull(figures[at + p50]!), p95: orNull(figures[at + p95]!), p99: orNull(figures[at + p99]!) };
    windows[name] = summary;
  });
  return windows;
}

/**
 * The row's JSON, exactly as JSON.stringify(summaryWindows(figures))
 * writes it, built as text: no objects per route and write, and numbers
 * printed without the general double-to-text conversion where a cheaper
 * one gives the same text (that conversion was most of the cost of a row's
 * text, a few µs, at ~3,000 rows a minute).
 */
export function summaryJson(figures: Float64Array): string {
  const { names, perWindow, total: TOTAL_AT, ok: OK_AT, p50, p95, p99 } = LAYOUT;
  let json = "{";
  for (let window = 0; window < names.length; window++) {
    const at = window * perWindow;
    const total = figures[at + TOTAL_AT]!;
    const ok = figures[at + OK_AT]!;
    json += `${window ? "," : ""}"${names[window]}":{"total":${total},"ok":${ok},"uptime":${uptimeText(ok, total)},"p50":${hundredthsText(figures[at + p50]!)},"p95":${hundredthsText(figures[at + p95]!)},"p99":${hundredthsText(figures[at + p99]!)}}`;
  }
  return `${json}}`;
}

/**
 * A quantile as JSON prints it (NaN, for none, as null). Quantiles are
 * rounded to hundredths (k / 100): the shortest text that reads back as
 * that double is k's digits with the point put in and trailing zeros
 * dropped (any shorter decimal of at most 15 digits is another double), so
 * it is built from integers. Anything else (an unrounded maximum) takes
 * the general path.
 */
export function hundredthsText(value: number): string {
  if (value !== value) return "null";
  const k = Math.round(value * 100);
  if (!(k >= 0 && k < 1e15 && k / 100 === value)) return String(value);
  const whole = Math.floor(k / 100);
  const cents = k - whole * 100;
  if (cents === 0) return `${whole}`;
  if (cents % 10 === 0) return `${whole}.${cents / 10}`;
  return cents < 10 ? `${whole}.0${cents}` : `${whole}.${cents}`;
}

/** Uptime texts by (total, ok): the same few fractions recur across routes and minutes (59/60, 1439/1440…). */
const uptimes = new Map<number, string>();
const UPTIMES_KEPT = 65_536;
const OK_SPAN = 1_048_576;

/** ok / total as JSON prints it (null when nothing was probed). */
export function uptimeText(ok: number, total: number): string {
  if (!total) return "null";
  if (!(ok >= 0 && ok < OK_SPAN && Number.isInteger(ok) && Number.isInteger(total))) return String(ok / total);
  const key = total * OK_SPAN + ok;
  let text = uptimes.get(key);
  if (text === undefined) {
    if (uptimes.size >= UPTIMES_KEPT) uptimes.clear();
    text = String(ok / total);
    uptimes.set(key, text);
  }
  return text;
}

function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
