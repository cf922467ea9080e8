/**
 * What a route looks like from its recent results. "paused" is set only by
 * applyPauses (the route, its proxy or its target is switched off), never by
 * a probe's result.
 */
export type RouteState = "unknown" | "up" | "degraded" | "down" | "paused";

export interface RouteStreaks {
  state: RouteState;
  okStreak: number;
  failStreak: number;
}

export interface StateThresholds {
  downAfterFailures: number;
  upAfterSuccesses: number;
}

/**
 * The route state machine, a pure function of the current state and one
 * result. A single failure makes an up route "degraded", never "down"; it is
 * down after `downAfterFailures` failures in a row and up again after
 * `upAfterSuccesses` successes in a row. A route's first success makes it up.
 * `slow` (the p95 of its recent successful probes is over its latency
 * threshold, see isSlow) turns each of those "up"s into "degraded", and a
 * slow route is up again once it is fast again: degraded by latency is the
 * same state as degraded by failures, so it is announced, shown and ranked
 * the same way. A paused route's state is not moved by results (a "probe now"
 * while paused is stored, nothing more).
 */
export function nextRouteState(current: RouteStreaks, ok: boolean, thresholds: StateThresholds, slow = false): RouteStreaks & { changed: boolean } {
  if (current.state === "paused") return { ...current, changed: false };
  const okStreak = ok ? current.okStreak + 1 : 0;
  const failStreak = ok ? 0 : current.failStreak + 1;
  let state: RouteState = current.state;
  if (ok) {
    if (current.state === "unknown" || current.state === "up" || okStreak >= thresholds.upAfterSuccesses) state = slow ? "degraded" : "up";
  } else if (failStreak >= thresholds.downAfterFailures) {
    state = "down";
  } else if (current.state !== "down") {
    state = "degraded";
  }
  return { state, okStreak, failStreak, changed: state !== current.state };
}

export const DEFAULT_LATENCY_WINDOW = 20;

/** The 95th percentile by nearest rank (the value at or under which 95% of the samples lie); null without samples. */
export function p95(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
}

/**
 * Whether a route is slow: the p95 of its last successful probes' total
 * times (newest first, at most `window` of them are read) exceeds the
 * threshold. No threshold, or no samples, is never slow.
 */
export function isSlow(latestOkMs: readonly number[], thresholdMs: number | null, window: number = DEFAULT_LATENCY_WINDOW): boolean {
  if (thresholdMs === null) return false;
  const value = p95(latestOkMs.slice(0, window));
  return value !== null && value > thresholdMs;
}
