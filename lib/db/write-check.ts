import { valueWithin } from "../async/settle-within";
import { log } from "../log";
import type { UpkeepStore } from "./store/upkeep-store";
import { DatabaseSilentError, isStorageError, WRITE_CHECK, type StorageReporter } from "./storage-health";

/**
 * The readiness probe's database check: a probe write, at most once per
 * `cacheMs` however often a supervisor asks, reported to the storage health.
 * A write that takes no answer within `answerWithinMs` (a frozen server)
 * counts as failed for now: readiness answers in time, and the write, still
 * under way, reports its outcome when it comes.
 */
export class DatabaseWriteCheck {
  private checkedAt = -Infinity;
  private ok = true;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly upkeep: UpkeepStore,
    private readonly holder: string,
    private readonly storage: StorageReporter,
    private readonly cacheMs = 5000,
    private readonly answerWithinMs = 2000,
  ) {}

  async run(now = Date.now()): Promise<boolean> {
    // A check stamped after `now` (the wall clock was set back) is stale, not fresh for an hour.
    if (this.checkedAt <= now && now - this.checkedAt < this.cacheMs) return this.ok;
    this.checkedAt = now;
    const check = (this.inFlight ??= this.write(now).finally(() => (this.inFlight = null)));
    if (!(await valueWithin(check.then(() => true), this.answerWithinMs, false))) {
      this.ok = false;
      this.storage.report(WRITE_CHECK, new DatabaseSilentError(this.answerWithinMs), now);
    }
    return this.ok;
  }

  private async write(now: number): Promise<void> {
    try {
      await this.upkeep.writeCheck(this.holder, now);
      this.ok = true;
      this.storage.report(WRITE_CHECK, null, Date.now());
    } catch (error) {
      // Never rejects: nobody may be waiting for it any more.
      this.ok = false;
      if (isStorageError(error)) this.storage.report(WRITE_CHECK, error, Date.now());
      else log.error("the readiness write check failed", { error: String(error) });
    }
  }
}
