import type pg from "pg";
import type { LeaseClaim, LeaseStore } from "../lease-store";
import { pgTime } from "./pg-pool";

export class PostgresLeaseStore implements LeaseStore {
  constructor(private readonly pool: pg.Pool) {}

  async take({ names, holder, now, ttlMs }: LeaseClaim): Promise<string[]> {
    if (!names.length) return [];
    // One statement, atomic under concurrency: each lease is inserted when free, or renewed or taken over when ours or expired (rows in name order: two processes never lock two rows in opposite orders).
    const { rows } = await this.pool.query<{ name: string }>(
      `INSERT INTO "SchedulerLease" (name, holder, "expiresAt", "renewedAt") SELECT name, $2, $3, $4 FROM unnest($1::text[]) AS name ORDER BY name COLLATE "C"
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "expiresAt" = excluded."expiresAt", "renewedAt" = excluded."renewedAt"
       WHERE "SchedulerLease".holder = excluded.holder OR "SchedulerLease"."expiresAt" < excluded."renewedAt"
       RETURNING name`,
      [names, holder, pgTime(now + ttlMs), pgTime(now)],
    );
    return rows.map((row) => row.name);
  }

  async listLive(prefix: string, now: number): Promise<Array<{ name: string; holder: string }>> {
    const { rows } = await this.pool.query<{ name: string; holder: string }>(
      `SELECT name, holder FROM "SchedulerLease" WHERE left(name, length($1)) = $1 AND "expiresAt" >= $2 ORDER BY name COLLATE "C"`,
      [prefix, pgTime(now)],
    );
    return rows;
  }

  async listAbandoned(prefix: string, now: number): Promise<Array<{ name: string; expiresAt: number }>> {
    // Given-up leases are expired to the epoch (release); others lapsed.
    const { rows } = await this.pool.query<{ name: string; expiresAt: number }>(
      `SELECT name, "expiresAt" FROM "SchedulerLease" WHERE left(name, length($1)) = $1 AND "expiresAt" > $2 AND "expiresAt" < $3 ORDER BY name COLLATE "C"`,
      [prefix, pgTime(0), pgTime(now)],
    );
    return rows;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.pool.query(`UPDATE "SchedulerLease" SET "expiresAt" = $3 WHERE name = $1 AND holder = $2`, [name, holder, pgTime(0)]);
  }
}
