import { describe, expect, it } from "vitest";
import { addLatency, bucketBounds, bucketIndex, mergeHistograms, quantile, type LatencyHistogram } from "@/lib/monitoring/latency-histogram";

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

describe("latency histogram", () => {
  it("puts each latency inside its bucket's bounds", () => {
    for (const ms of [0, 0.5, 1, 1.05, 2, 37.2, 150, 999.9, 15_000, 120_000]) {
      const [low, high] = bucketBounds(bucketIndex(ms));
      expect(ms).toBeGreaterThanOrEqual(low === 0 ? 0 : low);
      expect(ms).toBeLessThanOrEqual(high + 1e-9);
    }
  });

  it("estimates p50/p95/p99 within 10% of the exact values, also after merging", () => {
    // A deterministic, skewed spread of latencies (mostly fast, a slow tail).
    const values = Array.from({ length: 5000 }, (_, i) => 40 + ((i * 7919) % 200) + (i % 50 === 0 ? 2000 + (i % 700) : 0));
    const halves: LatencyHistogram[] = [{}, {}];
    values.forEach((ms, i) => addLatency(halves[i % 2]!, ms));
    const merged: LatencyHistogram = {};
    mergeHistograms(merged, halves[0]!);
    mergeHistograms(merged, halves[1]!);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(values, q);
      const estimate = quantile(merged, q, { min: Math.min(...values), max: Math.max(...values) })!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.1);
    }
  });

  it("has no quantile when empty", () => {
    expect(quantile({}, 0.5)).toBeNull();
  });
});
