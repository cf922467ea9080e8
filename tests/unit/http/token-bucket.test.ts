import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "@/lib/http/token-bucket";

function taken(limiter: TokenBucketLimiter, key: string, at: number): boolean | number {
  try {
    limiter.take(key, (wait) => `wait ${wait}`, at);
    return true;
  } catch (error) {
    return (error as { retryAfterSeconds: number }).retryAfterSeconds;
  }
}

describe("a token bucket per key", () => {
  it("lets a burst through, then the rate, and says how long to wait", () => {
    const limiter = new TokenBucketLimiter(20, 40);
    const at = 1_000_000;
    for (let n = 0; n < 40; n++) expect(taken(limiter, "a", at)).toBe(true);
    expect(taken(limiter, "a", at)).toBe(1);
    // Another key has its own bucket.
    expect(taken(limiter, "b", at)).toBe(true);
    // 50 ms later one token (20/s) has come back, and only one.
    expect(taken(limiter, "a", at + 50)).toBe(true);
    expect(taken(limiter, "a", at + 50)).toBe(1);
    // A second refills 20, never more than the burst.
    for (let n = 0; n < 20; n++) expect(taken(limiter, "a", at + 1050)).toBe(true);
    expect(taken(limiter, "a", at + 1050)).toBe(1);
    expect(taken(limiter, "a", at + 60_000)).toBe(true);
  });

  it("refills nothing when the clock steps back", () => {
    const limiter = new TokenBucketLimiter(1, 1);
    expect(taken(limiter, "a", 10_000)).toBe(true);
    expect(taken(limiter, "a", 5_000)).toBe(1);
  });

  it.each([
    // [rate/s, burst, counts taken at the same instant, what each gets]
    [1000, 5000, [500, 500, 4000, 1], [true, true, true, 1]],
    [1000, 5000, [5000, 500], [true, 1]],
    [1000, 5000, [4900, 500], [true, 1]],
    // More than the burst weighs as the burst: refused now, never for ever.
    [10, 100, [1000], [true]],
    [10, 100, [50, 1000], [true, 5]],
    // Zero or negative weighs one.
    [1, 1, [0, -5], [true, 1]],
  ])("takes a weight at once (rate %d, burst %d): %j → %j", (rate, burst, counts, expected) => {
    const limiter = new TokenBucketLimiter(rate, burst);
    const got = counts.map((count) => {
      try {
        limiter.takeMany("a", count, (wait) => `wait ${wait}`, 1_000_000);
        return true;
      } catch (error) {
        return (error as { retryAfterSeconds: number }).retryAfterSeconds;
      }
    });
    expect(got).toEqual(expected);
  });
});
