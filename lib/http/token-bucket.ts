import { RateLimitedError } from "./app-error";

/**
 * A token bucket per key, in memory: `ratePerSecond` requests a second on
 * average with bursts of up to `burst`, so one busy client (an agent
 * replaying its spool) cannot take the whole server from the others.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token, or throws RateLimitedError (429) saying how long to wait for the next. */
  take(key: string, message: (waitSeconds: number) => string, now: number = Date.now()): void {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    // A clock set back refills nothing and takes nothing away.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed / 1000) * this.ratePerSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
      throw new RateLimitedError(message(wait), wait);
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
  }
}
