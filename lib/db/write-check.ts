import type { UpkeepStore } from "./store/upkeep-store";
import { isStorageError, WRITE_CHECK, type StorageReporter } from "./storage-health";

/**
 * The readiness probe's database check: a probe write, at most once per
 * `cacheMs` however often a supervisor asks, reported to the storage health.
 */
export class DatabaseWriteCheck {
  private checkedAt = -Infinity;
  private ok = true;

  constructor(
    private readonly upkeep: UpkeepStore,
    private readonly holder: string,
    private readonly storage: StorageReporter,
    private readonly cacheMs = 5000,
  ) {}

  async run(now = Date.now()): Promise<boolean> {
    // A check stamped after `now` (the wall clock was set back) is stale, not fresh for an hour.
    if (this.checkedAt <= now && now - this.checkedAt < this.cacheMs) return this.ok;
    this.checkedAt = now;
    try {
      await this.upkeep.writeCheck(this.holder, now);
      this.ok = true;
      this.storage.report(WRITE_CHECK, null, now);
    } catch (error) {
      this.ok = false;
      if (isStorageError(error)) this.storage.report(WRITE_CHECK, error, now);
      else throw error;
    }
    return this.ok;
  }
}
