// The window limiters (/status, its feed, the login) remember only the
// clients seen within their window: memory follows the active clients, not
// every address ever seen, and cycling addresses never resets anyone's budget.
import { describe, expect, it } from "vitest";
import { WindowLimiter } from "@/lib/http/rate-limiter";

describe("WindowLimiter memory", () => {
  it("take() over 50,000 clients arriving over 500 s keeps about those of the last minute", () => {
    const limiter = new WindowLimiter(120, 60_000);
    const start = Date.now();
    for (let i = 0; i < 50_000; i++) limiter.take(`status:2001:db8:${i.toString(16)}::/64`, () => "x", start + i * 10);
    // 6,000 clients per window; swept at twice what is left.
    expect(limiter.size).toBeLessThanOrEqual(12_000);
    expect(limiter.size).toBeGreaterThanOrEqual(6_000);
  });

  it("check() alone (a right token, or a refused one) does not store new keys", () => {
    const limiter = new WindowLimiter(10, 60_000);
    for (let i = 0; i < 20_000; i++) limiter.check(`login:10.0.${i >> 8}.${i & 255}`, () => "x");
    expect(limiter.size).toBe(0);
  });

  it("a guesser who used up its budget stays limited however many other addresses it cycles through", () => {
    const limiter = new WindowLimiter(10, 60_000);
    const now = Date.now();
    for (let i = 0; i < 10; i++) limiter.record("login:203.0.113.9", now);
    for (let i = 0; i < 30_000; i++) limiter.record(`login:198.51.${i >> 8}.${i & 255}`, now + 1);
    expect(() => limiter.check("login:203.0.113.9", () => "limited", now + 2)).toThrow("limited");
  });
});
