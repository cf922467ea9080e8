/** What a route looks like from its recent results. */
export type RouteState = "unknown" | "up" | "degraded" | "down";

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
 */
export function nextRouteState(current: RouteStreaks, ok: boolean, thresholds: StateThresholds): RouteStreaks & { changed: boolean } {
  const okStreak = ok ? current.okStreak + 1 : 0;
  const failStreak = ok ? 0 : current.failStreak + 1;
  let state: RouteState = current.state;
  if (ok) {
    if (current.state === "unknown" || okStreak >= thresholds.upAfterSuccesses) state = "up";
  } else if (failStreak >= thresholds.downAfterFailures) {
    state = "down";
  } else if (current.state !== "down") {
    state = "degraded";
  }
  return { state, okStreak, failStreak, changed: state !== current.state };
}
