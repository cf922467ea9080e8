import { describe, expect, it } from "vitest";
import { checkCapacity, describeCapacity } from "@/lib/scheduler/check-capacity";

const alike = (count: number, intervalMs: number, timeoutMs: number) => Array.from({ length: count }, () => ({ intervalMs, timeoutMs }));

describe("checkCapacity", () => {
  it.each([
    { name: "the case from the field: 100 routes, 10 s timeout, 10 s interval, concurrency 20", routes: alike(100, 10_000, 10_000), concurrency: 20, fits: false, worstS: 50 },
    { name: "exactly full", routes: alike(20, 10_000, 10_000), concurrency: 20, fits: true, worstS: null },
    { name: "one route more than fits", routes: alike(21, 10_000, 10_000), concurrency: 20, fits: false, worstS: 20 },
    { name: "a long interval absorbs a long timeout", routes: alike(100, 60_000, 10_000), concurrency: 20, fits: true, worstS: null },
    { name: "mixed intervals add up", routes: [...alike(10, 10_000, 15_000), ...alike(50, 300_000, 15_000)], concurrency: 15, fits: false, worstS: 60 },
    { name: "no routes", routes: [], concurrency: 20, fits: true, worstS: null },
  ])("$name", ({ routes, concurrency, fits, worstS }) => {
    const report = checkCapacity(routes, concurrency);
    expect(report === null).toBe(fits);
    if (report) {
      expect(report.worstIntervalMs / 1000).toBe(worstS);
      expect(describeCapacity(report)).toMatch(/Raise concurrency, lower timeoutMs or lengthen the interval/);
    }
  });
});
