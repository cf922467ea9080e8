import { describe, expect, it } from "vitest";
import { FIGURES, OK, P50, P95, P99, PER_WINDOW, TOTAL } from "@/lib/monitoring/summary-deadband";
import { hundredthsText, summaryJson, summaryWindows, uptimeText } from "@/lib/monitoring/summary-json";

function lcg(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

describe("summary JSON text", () => {
  it.each([
    [Number.NaN, "null"],
    [0, "0"],
    [0.01, "0.01"],
    [0.1, "0.1"],
    [0.3, "0.3"],
    [10.5, "10.5"],
    [99.99, "99.99"],
    [100, "100"],
    [1046.07, "1046.07"],
    [1234.5678, "1234.5678"],
    [1e12, "1000000000000"],
    [1e-7, "1e-7"],
    [1e21, "1e+21"],
    [-3.25, "-3.25"],
  ])("prints %d as JSON does (%s)", (value, text) => {
    expect(hundredthsText(value)).toBe(text);
    expect(hundredthsText(value)).toBe(Number.isNaN(value) ? "null" : JSON.stringify(value));
  });

  it.each([1, 2, 3])("prints every hundredth as JSON does, from 0.01 to 10^13 (seed %i)", (seed) => {
    const random = lcg(seed);
    for (let i = 0; i < 50_000; i++) {
      const value = Math.round(random() * 10 ** (random() * 15)) / 100;
      expect(hundredthsText(value)).toBe(JSON.stringify(value));
    }
  });

  it.each([
    [0, 0, "null"],
    [59, 60, String(59 / 60)],
    [1, 3, String(1 / 3)],
    [2_000_000, 2_000_001, String(2_000_000 / 2_000_001)],
    [1.5, 3, "0.5"],
  ])("prints uptime %i / %i as JSON does", (ok, total, text) => {
    expect(uptimeText(ok, total)).toBe(text);
    // Again from the remembered texts.
    expect(uptimeText(ok, total)).toBe(text);
  });

  it("writes each row exactly as JSON.stringify of its windows", () => {
    const random = lcg(9);
    const figures = new Float64Array(FIGURES);
    for (let row = 0; row < 5_000; row++) {
      for (let window = 0; window < 3; window++) {
        const at = window * PER_WINDOW;
        const total = random() < 0.05 ? 0 : Math.floor(random() * 10 ** (1 + window * 2));
        figures[at + TOTAL] = total;
        figures[at + OK] = Math.floor(total * random());
        for (const q of [P50, P95, P99]) {
          const roll = random();
          figures[at + q] = total === 0 || roll < 0.05 ? Number.NaN : roll < 0.1 ? 150 + random() * 2000 : Math.round(random() * 3_000_000) / 100;
        }
      }
      expect(summaryJson(figures)).toBe(JSON.stringify(summaryWindows(figures)));
    }
  });
});
