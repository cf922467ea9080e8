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
    this.takeMany(key, 1, message, now);
  }

  /**
   * Takes `count` tokens at once (a request that weighs more than one, such
   * as a batch of results), or none and throws RateLimitedError saying how
   * long until that many are there. More than `burst` is taken as `burst`,
   * so a request is never refused for ever.
   */
  takeMany(key: string, count: number, message: (waitSeconds: number) => string, now: number = Date.now()): void {
    const cost = Math.min(this.burst, Math.max(1, count));
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    // A clock set back refills nothing and takes nothing away.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed / 1000) * this.ratePerSecond);
    bucket.at = now;
    if (bucket.tokens < cost) {
      this.buckets.set(key, bucket);
      const wait = Math.max(1, Math.ceil((cost - bucket.tokens) / this.ratePerSecond));
      throw new RateLimitedError(message(wait), wait);
    }
    bucket.tokens -= cost;
    this.buckets.set(key, bucket);
  }
}
