import { prepared } from "../../prepared";
import type { Sqlite } from "../../sqlite";
import type { LeaseClaim, LeaseStore } from "../lease-store";

export class SqliteLeaseStore implements LeaseStore {
  constructor(private readonly sqlite: Sqlite) {}

  async take({ names, holder, now, ttlMs }: LeaseClaim): Promise<string[]> {
    // One statement per lease: inserts a free one, or renews or takes over one that is ours or expired.
    const takeOne = prepared(
      this.sqlite,
      `INSERT INTO "SchedulerLease" (name, holder, expiresAt, renewedAt) VALUES (@name, @holder, @expiresAt, @now)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expiresAt = excluded.expiresAt, renewedAt = excluded.renewedAt
       WHERE "SchedulerLease".holder = excluded.holder OR "SchedulerLease".expiresAt < excluded.renewedAt
       RETURNING holder`,
    );
    return this.sqlite.transaction(() => names.filter((name) => takeOne.get({ name, holder, expiresAt: now + ttlMs, now }) !== undefined))();
  }

  async listLive(prefix: string, now: number): Promise<Array<{ name: string; holder: string }>> {
    // substr, not LIKE: a prefix is matched literally (no wildcards in it).
    return prepared(this.sqlite, `SELECT name, holder FROM "SchedulerLease" WHERE substr(name, 1, length(?)) = ? AND expiresAt >= ? ORDER BY name`).all(prefix, prefix, now) as Array<{
      name: string;
      holder: string;
    }>;
  }

  async listAbandoned(prefix: string, now: number): Promise<Array<{ name: string; expiresAt: number }>> {
    // Given-up leases are expired to 0 (release); others lapsed.
    return prepared(this.sqlite, `SELECT name, expiresAt FROM "SchedulerLease" WHERE substr(name, 1, length(?)) = ? AND expiresAt > 0 AND expiresAt < ? ORDER BY name`).all(prefix, prefix, now) as Array<{
      name: string;
      expiresAt: number;
    }>;
  }

  async release(name: string, holder: string): Promise<void> {
    prepared(this.sqlite, `UPDATE "SchedulerLease" SET expiresAt = 0 WHERE name = ? AND holder = ?`).run(name, holder);
  }
}
