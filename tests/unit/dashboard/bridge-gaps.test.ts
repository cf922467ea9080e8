// Issue 10 (item 1): a chart bridges short holes between rollup steps, shows
// long ones as gaps, and marks lone values so they are drawn as dots.
import { describe, expect, it } from "vitest";
import { bridgeGaps, bridgeLimit } from "@/lib/dashboard/bridge-gaps";

/** Steps from a picture: a digit is a probed step with that value, "." a step without probes, "x" a step whose probes all failed (no latency). */
function steps(picture: string) {
  return [...picture].map((char, i) => ({
    t: new Date(Date.UTC(2026, 10, 29, 0, i * 15)).toISOString(),
    probed: char !== ".",
    values: { v: /\d/.test(char) ? Number(char) * 100 : null },
  }));
}

/** The result drawn back as a picture: a digit where measured, "~" where bridged, "." where nothing is drawn, "o" for a lone dot. */
function drawn(picture: string): string {
  return bridgeGaps(steps(picture), ["v"] as const)
    .map((point) => (point.values.v === null ? "." : point.bridged ? "~" : point.isolated.includes("v") ? "o" : String(point.values.v / 100)))
    .join("");
}

describe("bridgeGaps", () => {
  it.each([
    // picture, drawn, why
    ["1111", "1111", "no holes"],
    ["1.1.1.1", "1~1~1~1", "probed every other step: one line, not a comb"],
    ["1...1...1...1", "1~~~1~~~1~~~1", "hourly probes on a 15-minute step"],
    ["1...1...1.......1...1", "1~~~1~~~1~~~~~~~1~~~1", "one missed hourly probe is still bridged (twice the usual spacing)"],
    ["11111.........11111", "11111.........11111", "a pause of many steps stays a gap"],
    ["1..1", "1~~1", "a hole of two steps is bridged even with dense probes"],
    ["1111....1111", "1111....1111", "dense probes: a hole of four steps is a real gap"],
    ["......5......", "......o......", "a single probe is a dot"],
    ["5", "o", "one step, one probe"],
    ["11x11", "11.11", "failed probes are not a hole: no latency is drawn there"],
    ["3.x.3", "o...o", "no latency to bridge to beside a failed step: the values stand alone, as dots"],
  ])("%s → %s (%s)", (picture, expected) => {
    expect(drawn(picture)).toBe(expected);
  });

  it("interpolates across a hole between its two neighbours", () => {
    const values = bridgeGaps(steps("1...5"), ["v"] as const).map((point) => point.values.v);
    expect(values).toEqual([100, 200, 300, 400, 500]);
  });

  it.each([
    [[true, true, true], 3],
    [[true, false, false, false, true, false, false, false, true], 8],
    [[true], 3],
    [[], 3],
  ])("bridge limit of %j is %i steps", (probed, limit) => {
    expect(bridgeLimit(probed)).toBe(limit);
  });
});
