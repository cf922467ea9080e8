import type pg from "pg";
import type { LeaseClaim, LeaseStore } from "../lease-store";
import { pgTime } from "./pg-pool";

export class PostgresLeaseStore implements LeaseStore {
  constructor(private readonly pool: pg.Pool) {}

  async take({ name, holder, now, ttlMs }: LeaseClaim): Promise<boolean> {
    // One statement, atomic under concurrency: inserts a free lease, or renews or takes over one that is ours or expired.
    const { rowCount } = await this.pool.query(
      `INSERT INTO "SchedulerLease" (name, holder, "expiresAt", "renewedAt") VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "expiresAt" = excluded."expiresAt", "renewedAt" = excluded."renewedAt"
       WHERE "SchedulerLease".holder = excluded.holder OR "SchedulerLease"."expiresAt" < excluded."renewedAt"
       RETURNING holder`,
      [name, holder, pgTime(now + ttlMs), pgTime(now)],
    );
    return rowCount === 1;
  }

  async liveHolder(name: string, now: number): Promise<string | null> {
    const { rows } = await this.pool.query<{ holder: string; expiresAt: number }>(`SELECT holder, "expiresAt" FROM "SchedulerLease" WHERE name = $1`, [name]);
    const row = rows[0];
    return row && row.expiresAt >= now ? row.holder : null;
  }

  async listLive(prefix: string, now: number): Promise<Array<{ name: string; holder: string }>> {
    const { rows } = await this.pool.query<{ name: string; holder: string }>(
      `SELECT name, holder FROM "SchedulerLease" WHERE left(name, length($1)) = $1 AND "expiresAt" >= $2 ORDER BY name COLLATE "C"`,
      [prefix, pgTime(now)],
    );
    return rows;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.pool.query(`UPDATE "SchedulerLease" SET "expiresAt" = $3 WHERE name = $1 AND holder = $2`, [name, holder, pgTime(0)]);
  }
}
