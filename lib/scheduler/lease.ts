import type { Sqlite } from "../db/sqlite";
import { isStorageError, type StorageReporter } from "../db/storage-health";

export interface Lease {
  /** Takes the lease if free or expired, or renews it if ours. True when held. */
  acquire(now: number): boolean;
  release(): void;
  readonly holder: string;
}

/**
 * A lease row in the database: only its holder runs the scheduler, so two
 * processes on one database never probe twice. A holder that dies stops
 * renewing; another takes over once the lease expires.
 */
export class DatabaseLease implements Lease {
  private held = false;

  constructor(
    private readonly db: Sqlite,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly name = "scheduler",
    private readonly storage?: StorageReporter,
  ) {}

  acquire(now: number): boolean {
    try {
      this.held = this.write(now);
      this.storage?.report("scheduler lease", null, now);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      // A renewal that the disk refused is not a lease lost to another
      // process: keep what we had unless the row names another live holder.
      this.storage?.report("scheduler lease", error, now);
      if (this.otherHolder(now)) this.held = false;
    }
    return this.held;
  }

  /** Who holds the lease now, when it is another process (null when free, expired or ours). */
  otherHolder(now: number): string | null {
    try {
      const row = this.db.prepare(`SELECT holder, expiresAt FROM "SchedulerLease" WHERE name = ?`).get(this.name) as
        | { holder: string; expiresAt: number }
        | undefined;
      return row && row.holder !== this.holder && row.expiresAt >= now ? row.holder : null;
    } catch {
      return null;
    }
  }

  private write(now: number): boolean {
    const expiresAt = now + this.ttlMs;
    return this.db.transaction(() => {
      this.db
        .prepare(`INSERT OR IGNORE INTO "SchedulerLease" (name, holder, expiresAt, renewedAt) VALUES (?, ?, ?, ?)`)
        .run(this.name, this.holder, expiresAt, now);
      const { changes } = this.db
        .prepare(`UPDATE "SchedulerLease" SET holder = ?, expiresAt = ?, renewedAt = ? WHERE name = ? AND (holder = ? OR expiresAt < ?)`)
        .run(this.holder, expiresAt, now, this.name, this.holder, now);
      return changes === 1;
    }).immediate();
  }

  release(): void {
    this.held = false;
    try {
      this.db.prepare(`UPDATE "SchedulerLease" SET expiresAt = 0 WHERE name = ? AND holder = ?`).run(this.name, this.holder);
    } catch (error) {
      // Unwritable storage: the lease then simply expires after its TTL.
      if (!isStorageError(error)) throw error;
    }
  }
}
