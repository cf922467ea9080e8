import type pg from "pg";
import type { PruneReport, RetentionPolicy, UpkeepStore } from "../upkeep-store";
import { pgTime } from "./pg-pool";

const DAY_MS = 86_400_000;
/** As on SQLite (sqlite-upkeep-store.ts): an agent's stream idle this long is forgotten. */
const AGENT_STREAM_IDLE_MS = 2 * DAY_MS;

export class PostgresUpkeepStore implements UpkeepStore {
  constructor(private readonly pool: pg.Pool) {}

  async prune(policy: RetentionPolicy, now: number, batchSize = 2000): Promise<PruneReport> {
    const rawCutoff = pgTime(now - policy.rawDays * DAY_MS);
    const report: PruneReport = { results: 0, minuteRollups: 0, hourRollups: 0, events: 0, tokenDays: 0, agentStreams: 0 };
    // Route by route over the (routeId, at) index, in batches: each delete is a short transaction of its own.
    const { rows: routes } = await this.pool.query<{ id: number }>(`SELECT id FROM "Route" ORDER BY id`);
    for (const { id } of routes) {
      for (;;) {
        const { rowCount } = await this.pool.query(
          `DELETE FROM "ProbeResult" WHERE id IN (SELECT id FROM "ProbeResult" WHERE "routeId" = $1 AND at < $2 LIMIT $3)`,
          [id, rawCutoff, batchSize],
        );
        report.results += rowCount ?? 0;
        if ((rowCount ?? 0) < batchSize) break;
      }
    }
    // Kept as long as the raw results they were summed from: a day goes once all of it is past retention.
    report.tokenDays = (await this.pool.query(`DELETE FROM "TargetTokenDay" WHERE day <= $1`, [pgTime(now - policy.rawDays * DAY_MS - DAY_MS)])).rowCount ?? 0;
    report.agentStreams = (await this.pool.query(`DELETE FROM "AgentStream" WHERE "updatedAt" < $1`, [pgTime(now - AGENT_STREAM_IDLE_MS)])).rowCount ?? 0;
    const plan = [
      ["minuteRollups", `DELETE FROM "RollupMinute" WHERE ctid IN (SELECT ctid FROM "RollupMinute" WHERE bucket < $1 LIMIT $2)`, policy.minuteRollupDays],
      ["hourRollups", `DELETE FROM "RollupHour" WHERE ctid IN (SELECT ctid FROM "RollupHour" WHERE bucket < $1 LIMIT $2)`, policy.rollupDays],
      ["events", `DELETE FROM "RouteEvent" WHERE id IN (SELECT id FROM "RouteEvent" WHERE at < $1 LIMIT $2)`, policy.rollupDays],
    ] as const;
    for (const [key, sql, days] of plan) {
      for (;;) {
        const { rowCount } = await this.pool.query(sql, [pgTime(now - days * DAY_MS), batchSize]);
        report[key] += rowCount ?? 0;
        if ((rowCount ?? 0) < batchSize) break;
      }
    }
    return report;
  }

  async writeCheck(holder: string, now: number): Promise<void> {
    // One row of the lease table that no lease uses, as on SQLite.
    await this.pool.query(
      `INSERT INTO "SchedulerLease" (name, holder, "expiresAt", "renewedAt") VALUES ('write-check', $1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "renewedAt" = excluded."renewedAt"`,
      [holder, pgTime(0), pgTime(now)],
    );
  }
}
