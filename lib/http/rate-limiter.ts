import { RateLimitedError } from "./app-error";

/**
 * "At most once per `intervalMs` per key", in memory: enough to stop a
 * button pressed repeatedly from spending quota, or a password being guessed.
 */
export class CooldownLimiter {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  /** Throws RateLimitedError with `message(waitSeconds)` when the key is cooling down. */
  take(key: string, message: (waitSeconds: number) => string, now: number = Date.now()): void {
    if (this.intervalMs <= 0) return;
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) {
      const wait = Math.ceil((this.intervalMs - (now - previous)) / 1000);
      throw new RateLimitedError(message(wait), wait);
    }
    this.last.set(key, now);
    if (this.last.size > 10_000) this.last.clear();
  }
}

/** At most `limit` events per key per window (for login attempts). */
export class WindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, message: (waitSeconds: number) => string, now: number = Date.now()): void {
    const recent = (this.hits.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      const wait = Math.ceil((this.windowMs - (now - recent[0]!)) / 1000);
      this.hits.set(key, recent);
      throw new RateLimitedError(message(wait), wait);
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.hits.clear();
  }
}
