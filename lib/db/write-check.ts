import type { Sqlite } from "./sqlite";
import { isStorageError, WRITE_CHECK, type StorageReporter } from "./storage-health";

/**
 * A real, committed write: the one way to know that the file, its directory
 * and the disk take writes (opening a read-only file succeeds; reads work on
 * a full disk). It updates one row of the lease table that no lease uses,
 * so it needs no table of its own and stays one row forever.
 */
export function writeProbeRow(sqlite: Sqlite, now: number, holder: string): void {
  sqlite
    .prepare(
      `INSERT INTO "SchedulerLease" (name, holder, expiresAt, renewedAt) VALUES ('write-check', ?, 0, ?)
       ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, renewedAt = excluded.renewedAt`,
    )
    .run(holder, now);
}

/**
 * The readiness probe's database check: a probe write, at most once per
 * `cacheMs` however often a supervisor asks, reported to the storage health.
 */
export class DatabaseWriteCheck {
  private checkedAt = -Infinity;
  private ok = true;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly holder: string,
    private readonly storage: StorageReporter,
    private readonly cacheMs = 5000,
  ) {}

  run(now = Date.now()): boolean {
    // A check stamped after `now` (the wall clock was set back) is stale, not fresh for an hour.
    if (this.checkedAt <= now && now - this.checkedAt < this.cacheMs) return this.ok;
    this.checkedAt = now;
    try {
      writeProbeRow(this.sqlite, now, this.holder);
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
