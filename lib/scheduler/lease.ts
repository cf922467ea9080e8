import type { Sqlite } from "../db/sqlite";

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
  constructor(
    private readonly db: Sqlite,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly name = "scheduler",
  ) {}

  acquire(now: number): boolean {
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
    this.db.prepare(`UPDATE "SchedulerLease" SET expiresAt = 0 WHERE name = ? AND holder = ?`).run(this.name, this.holder);
  }
}
