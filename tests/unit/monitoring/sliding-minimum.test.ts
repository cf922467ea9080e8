import { describe, expect, it } from "vitest";
import { addLatency, quantile, quantileOfCounts, type LatencyHistogram } from "@/lib/monitoring/latency-histogram";
import { SlidingMinimum } from "@/lib/monitoring/sliding-minimum";

function lcg(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

describe("SlidingMinimum", () => {
  it.each([1, 2, 3, 4, 5])("equals the minimum over the remembered buckets from any start (seed %i)", (seed) => {
    const random = lcg(seed);
    const low = new SlidingMinimum();
    const buckets = new Map<number, number>();
    let start = 0;
    for (let step = 0; step < 2000; step++) {
      // Mostly the newest buckets, sometimes a late one, sometimes an equal value.
      const bucket = start + Math.floor(random() * (random() < 0.8 ? 12 : 40));
      const value = random() < 0.1 ? 5 : Math.floor(random() * 1000);
      low.offer(bucket, value);
      buckets.set(bucket, Math.min(buckets.get(bucket) ?? Infinity, value));
      if (random() < 0.2) {
        start += 1 + Math.floor(random() * 3);
        low.expire(start);
      }
      const from = start + Math.floor(random() * 20);
      const alive = [...buckets].filter(([b]) => b >= from).map(([, v]) => v);
      expect(low.minSince(from)).toBe(alive.length ? Math.min(...alive) : null);
    }
  });
});

describe("quantileOfCounts", () => {
  it.each([1, 2, 3])("gives what quantile gives for the same histogram and observed min/max (seed %i)", (seed) => {
    const random = lcg(seed);
    for (let run = 0; run < 300; run++) {
      const histogram: LatencyHistogram = {};
      const values = Array.from({ length: 1 + Math.floor(random() * 80) }, () => (random() < 0.1 ? random() : random() < 0.5 ? 200 + random() * 50 : random() * 30_000));
      for (const ms of values) addLatency(histogram, ms);
      const dense: number[] = [];
      for (const [index, count] of Object.entries(histogram)) dense[Number(index)] = count;
      for (let i = 0; i < dense.length; i++) dense[i] ??= 0;
      const min = Math.min(...values);
      const max = Math.max(...values);
      for (const q of [0.5, 0.95, 0.99]) {
        expect(quantileOfCounts(dense, values.length, q, min, max)).toBe(quantile(histogram, q, { min, max }));
        expect(quantileOfCounts(dense, values.length, q, null, null)).toBe(quantile(histogram, q));
      }
    }
  });
});
