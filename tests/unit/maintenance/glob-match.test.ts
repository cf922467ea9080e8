import { describe, expect, it } from "vitest";
import { globMatch } from "@/lib/maintenance/glob-match";
import { matchesRoute } from "@/lib/maintenance/maintenance-windows";

describe("globMatch", () => {
  it.each([
    ["*", "", true],
    ["*", "anything", true],
    ["clash", "CLASH", true],
    ["clash", "clash2", false],
    ["cl*", "clash", true],
    ["*sh", "clash", true],
    ["c*a*h", "clash", true],
    ["c*a*h", "clasp", false],
    ["a*b*c", "abxbxc", true],
    ["a*b*c", "acb", false],
    ["**", "x", true],
    ["a.b", "axb", false],
    ["(x)+", "(x)+", true],
    ["", "", true],
    ["", "x", false],
  ])("%j against %j is %s", (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it("takes at most (pattern + 1) × (text + 1) steps on a pattern that makes a backtracking regex explode", () => {
    // As a regex (^.*a.*a.*a.*a.*a.*a.*a.*b$) this takes on the order of n^8 steps: hours.
    const pattern = `${"*a".repeat(7)}*b`;
    const text = "a".repeat(5000);
    const steps = { count: 0 };
    expect(globMatch(pattern, text, steps)).toBe(false);
    expect(steps.count).toBeLessThanOrEqual((pattern.length + 1) * (text.length + 1));
    expect(matchesRoute(`${pattern}/${pattern}`, { proxyName: text, targetName: text })).toBe(false);
    expect(matchesRoute(`${pattern.slice(0, -1)}/*`, { proxyName: text, targetName: "x" })).toBe(true);
  });
});
