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
    // A stamp after `now` means the wall clock was set back since: stale, not a cooldown of an hour.
    if (previous !== undefined && previous <= now && now - previous < this.intervalMs) {
      const wait = Math.ceil((this.intervalMs - (now - previous)) / 1000);
      throw new RateLimitedError(message(wait), wait);
    }
    this.last.set(key, now);
    if (this.last.size > 10_000) this.last.clear();
  }
}

/**
 * At most `limit` events per key per window. `take` counts every request
 * (page views); `check` + `record` count only failures (token guesses), so a
 * right answer is never refused by its own earlier success.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, number[]>();
  // Keys whose hits have all expired are swept when the map reaches this
  // size; then it is set to twice what is left. Never cleared wholesale:
  // that would let a guesser reset the login budget by cycling addresses.
  private sweepAt = 1024;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, message: (waitSeconds: number) => string, now: number = Date.now()): void {
    this.check(key, message, now);
    this.record(key, now);
  }

  /** Throws RateLimitedError when the key has used up its window, without counting this call (nor remembering the key). */
  check(key: string, message: (waitSeconds: number) => string, now: number = Date.now()): void {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) {
      const wait = Math.max(1, Math.ceil((this.windowMs - (now - recent[0]!)) / 1000));
      throw new RateLimitedError(message(wait), wait);
    }
  }

  record(key: string, now: number = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size >= this.sweepAt) this.sweep(now);
  }

  /** How many keys are remembered (for tests: it follows the clients active in the window). */
  get size(): number {
    return this.hits.size;
  }

  /** The key's hits still in the window; a key with none is forgotten. */
  private recent(key: string, now: number): number[] {
    const stored = this.hits.get(key);
    if (!stored) return [];
    // Hits stamped after `now` (the wall clock was set back) no longer count.
    const recent = stored.filter((at) => at <= now && now - at < this.windowMs);
    if (recent.length === 0) this.hits.delete(key);
    else if (recent.length !== stored.length) this.hits.set(key, recent);
    return recent;
  }

  private sweep(now: number): void {
    for (const key of [...this.hits.keys()]) this.recent(key, now);
    this.sweepAt = Math.max(1024, this.hits.size * 2);
  }
}
