import { describe, expect, it } from "vitest";
import { nextRouteState, type RouteState } from "@/lib/monitoring/route-state";

const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };

function run(start: RouteState, outcomes: string): RouteState[] {
  let current = { state: start, okStreak: 0, failStreak: 0 };
  return [...outcomes].map((outcome) => {
    current = nextRouteState(current, outcome === "+", thresholds);
    return current.state;
  });
}

describe("nextRouteState", () => {
  it.each([
    ["unknown", "+", ["up"]],
    ["unknown", "-", ["degraded"]],
    ["unknown", "---", ["degraded", "degraded", "down"]],
    ["up", "-+", ["degraded", "degraded"]],
    ["up", "-++", ["degraded", "degraded", "up"]],
    ["up", "--+--", ["degraded", "degraded", "degraded", "degraded", "degraded"]],
    ["up", "---", ["degraded", "degraded", "down"]],
    ["down", "+", ["down"]],
    ["down", "+-+", ["down", "down", "down"]],
    ["down", "++", ["down", "up"]],
    ["down", "----", ["down", "down", "down", "down"]],
  ] as const)("%s then %s → %j", (start, outcomes, expected) => {
    expect(run(start, outcomes)).toEqual(expected);
  });

  it("reports a change only when the state changes", () => {
    const first = nextRouteState({ state: "up", okStreak: 5, failStreak: 0 }, true, thresholds);
    expect(first).toEqual({ state: "up", okStreak: 6, failStreak: 0, changed: false });
    const second = nextRouteState({ state: "degraded", okStreak: 0, failStreak: 2 }, false, thresholds);
    expect(second).toEqual({ state: "down", okStreak: 0, failStreak: 3, changed: true });
  });
});
