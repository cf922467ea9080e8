import { describe, expect, it } from "vitest";
import { pauseCauses, type PauseFlags } from "@/lib/monitoring/apply-pauses";
import { isSlow, nextRouteState, p95, type RouteState } from "@/lib/monitoring/route-state";

const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };

/** "+" a fast success, "s" a success while the route is slow, "-" a failure. */
function run(start: RouteState, outcomes: string): RouteState[] {
  let current = { state: start, okStreak: 0, failStreak: 0 };
  return [...outcomes].map((outcome) => {
    current = nextRouteState(current, outcome !== "-", thresholds, outcome === "s");
    return current.state;
  });
}

describe("nextRouteState with latency", () => {
  it.each([
    ["unknown", "s", ["degraded"]],
    ["unknown", "s+", ["degraded", "up"]],
    ["up", "s", ["degraded"]],
    ["up", "ss+", ["degraded", "degraded", "up"]],
    ["up", "+s+", ["up", "degraded", "up"]],
    // Degraded by a failure: one fast success is not enough (upAfterSuccesses 2), a slow one keeps it degraded.
    ["up", "-+", ["degraded", "degraded"]],
    ["up", "-ss", ["degraded", "degraded", "degraded"]],
    ["up", "-s+", ["degraded", "degraded", "up"]],
    // Down comes back through the success threshold, as degraded if it is slow.
    ["down", "ss", ["down", "degraded"]],
    ["down", "s+", ["down", "up"]],
    ["degraded", "s---", ["degraded", "degraded", "degraded", "down"]],
  ] as const)("%s then %s → %j", (start, outcomes, expected) => {
    expect(run(start, outcomes)).toEqual(expected);
  });

  it.each(["+", "s", "-", "---", "+++"])("a paused route stays paused whatever the results (%s), streaks untouched", (outcomes) => {
    expect(run("paused", outcomes)).toEqual([...outcomes].map(() => "paused"));
    expect(nextRouteState({ state: "paused", okStreak: 4, failStreak: 0 }, false, thresholds)).toEqual({ state: "paused", okStreak: 4, failStreak: 0, changed: false });
  });
});

describe("p95 and isSlow", () => {
  it.each([
    [[], null],
    [[100], 100],
    [[300, 100, 200], 300],
    [Array.from({ length: 20 }, (_, i) => (i + 1) * 10), 190],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95],
  ] as Array<[number[], number | null]>)("p95 of %j is %j (nearest rank)", (samples, expected) => {
    expect(p95(samples)).toBe(expected);
  });

  it.each([
    ["no threshold", [10_000], null, 20, false],
    ["no samples", [], 500, 20, false],
    ["all under", [100, 200, 300], 500, 20, false],
    ["equal is not over", [500], 500, 20, false],
    ["one slow in a window of 3", [100, 100, 900], 500, 3, true],
    ["the slow one outside the window", [100, 100, 100, 900], 500, 3, false],
    ["one slow in 20 is under the p95", [900, ...Array<number>(19).fill(100)], 500, 20, false],
    ["two slow in 20 is over the p95", [900, 900, ...Array<number>(18).fill(100)], 500, 20, true],
    ["window 1: only the newest", [900, 100], 500, 1, true],
  ] as Array<[string, number[], number | null, number, boolean]>)("%s → %s", (_label, newestFirst, threshold, window, expected) => {
    expect(isSlow(newestFirst, threshold, window)).toBe(expected);
  });
});

describe("pauseCauses: a route is probed only when it, its proxy and its target are all on", () => {
  const on: PauseFlags = { routeEnabled: true, proxyEnabled: true, proxyPausedInFile: false, targetEnabled: true, targetPausedInFile: false };
  it.each([
    [{}, []],
    [{ routeEnabled: false }, ["route"]],
    [{ proxyEnabled: false }, ["proxy"]],
    [{ proxyPausedInFile: true }, ["proxy_file"]],
    [{ targetEnabled: false }, ["target"]],
    [{ targetPausedInFile: true }, ["target_file"]],
    [{ proxyPausedInFile: true, proxyEnabled: false }, ["proxy_file", "proxy"]],
    [{ routeEnabled: false, targetEnabled: false, proxyEnabled: false }, ["route", "proxy", "target"]],
    [{ routeEnabled: false, proxyEnabled: false, proxyPausedInFile: true, targetEnabled: false, targetPausedInFile: true }, ["route", "proxy_file", "proxy", "target_file", "target"]],
  ] as Array<[Partial<PauseFlags>, string[]]>)("%j → %j", (flags, expected) => {
    expect(pauseCauses({ ...on, ...flags })).toEqual(expected);
  });
});
