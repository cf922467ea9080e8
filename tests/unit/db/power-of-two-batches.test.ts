import { describe, expect, it } from "vitest";
import { MAX_BATCH, powerOfTwoBatches } from "@/lib/db/power-of-two-batches";

describe("powerOfTwoBatches", () => {
  it.each([0, 1, 2, 3, 7, 255, 256, 257, 1000, 10_000])("splits %i items, in order, into batches of powers of two up to the maximum", (count) => {
    const items = Array.from({ length: count }, (_, i) => i);
    const batches = powerOfTwoBatches(items);
    expect(batches.flat()).toEqual(items);
    for (const batch of batches) {
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(MAX_BATCH);
      expect(Math.log2(batch.length) % 1).toBe(0);
    }
  });

  it("uses at most log2(max) + 1 different sizes, however many lists it splits (each size is one cached query plan)", () => {
    const sizes = new Set<number>();
    for (let count = 0; count < 3000; count += 7) for (const batch of powerOfTwoBatches(new Array(count).fill(0))) sizes.add(batch.length);
    expect(sizes.size).toBeLessThanOrEqual(Math.log2(MAX_BATCH) + 1);
  });
});
