import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/load-config";
import { CONFIG_FILE as FILE, configProblems as problemsOf, oneTargetConfig as target } from "../../helpers/config-text";

describe("a target's cost controls in proxypulse.yaml", () => {
  it.each([
    ["neither: every scheduled round paid, on schedule", "", { paidProbeEvery: 1, manualOnly: false }],
    ["paidProbeEvery on a paid kind", "paidProbeEvery: 10", { paidProbeEvery: 10, probe: "chat" }],
    ["paidProbeEvery at its cap", "paidProbeEvery: 1440", { paidProbeEvery: 1440 }],
    ["paidProbeEvery on anthropic's default (paid) kind", "provider: anthropic\npaidProbeEvery: 5", { paidProbeEvery: 5, probe: "messages" }],
    ["paidProbeEvery 1 on the free kind (the default, a no-op)", "probe: models\npaidProbeEvery: 1", { paidProbeEvery: 1, probe: "models" }],
    ["manualOnly", "manualOnly: true", { manualOnly: true }],
    ["manualOnly with paidProbeEvery", "manualOnly: true\npaidProbeEvery: 3", { manualOnly: true, paidProbeEvery: 3 }],
  ])("accepts %s", (_name, lines, expected) => {
    expect(parseConfigText(target(lines), FILE, {}).targets[0]).toMatchObject(expected);
  });

  it.each([
    ["0", "paidProbeEvery: 0", "targets[0].paidProbeEvery: Paid probe every is at least 1 (1: every scheduled probe uses the target's own kind)"],
    ["a negative number", "paidProbeEvery: -3", "targets[0].paidProbeEvery: Paid probe every is at least 1 (1: every scheduled probe uses the target's own kind)"],
    ["a fraction", "paidProbeEvery: 2.5", "targets[0].paidProbeEvery: Paid probe every must be a whole number of rounds, e.g. 10"],
    ["text", "paidProbeEvery: often", "targets[0].paidProbeEvery: Paid probe every must be a whole number of rounds, e.g. 10"],
    ["a number as text", 'paidProbeEvery: "10"', "targets[0].paidProbeEvery: Paid probe every must be a whole number of rounds, e.g. 10"],
    ["an absurd number", "paidProbeEvery: 100000", "targets[0].paidProbeEvery: Paid probe every is at most 1440 rounds"],
    ["null", "paidProbeEvery: null", "targets[0].paidProbeEvery: Paid probe every must be a whole number of rounds, e.g. 10"],
    ["above 1 on the free kind", "probe: models\npaidProbeEvery: 5", 'targets[0].paidProbeEvery: Paid probe every applies only to probe kinds that cost tokens: "models" is free already (leave it at 1)'],
    ["above 1 on anthropic's free kind", "provider: anthropic\nprobe: models\npaidProbeEvery: 2", 'targets[0].paidProbeEvery: Paid probe every applies only to probe kinds that cost tokens: "models" is free already (leave it at 1)'],
    ["manualOnly as text", "manualOnly: yes please", "targets[0].manualOnly: manualOnly must be true or false"],
    ["manualOnly as a number", "manualOnly: 1", "targets[0].manualOnly: manualOnly must be true or false"],
  ])("refuses %s with one clear message", (_name, lines, message) => {
    expect(problemsOf(target(lines))).toEqual([message]);
  });
});
