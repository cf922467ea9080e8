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
});
