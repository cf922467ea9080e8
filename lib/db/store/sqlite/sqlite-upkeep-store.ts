import type { Sqlite } from "../../sqlite";
import type { PruneReport, RetentionPolicy, UpkeepStore } from "../upkeep-store";

export class SqliteUpkeepStore implements UpkeepStore {
  constructor(private readonly sqlite: Sqlite) {}

  prune(policy: RetentionPolicy, now: number, batchSize = 2000): Promise<PruneReport> {
    return pruneOldData(this.sqlite, policy, now, batchSize);
  }

  async writeCheck(holder: string, now: number): Promise<void> {
    writeProbeRow(this.sqlite, now, holder);
  }
}

/**
 * The write check: it updates one row of the lease table that no lease uses,
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

const DAY_MS = 86_400_000;
/**
 * An agent's result stream idle this long is forgotten: the hub refuses
 * results more than a day old (store-agent-results.ts), so such a stream can
 * only send numbers it has not sent, and each new spool file is a new row.
 */
const AGENT_STREAM_IDLE_MS = 2 * DAY_MS;

async function pruneOldData(db: Sqlite, policy: RetentionPolicy, now: number = Date.now(), batchSize = 2000): Promise<PruneReport> {
  const report: PruneReport = { results: 0, minuteRollups: 0, hourRollups: 0, events: 0, tokenDays: 0, agentStreams: 0 };
  report.results = await pruneResults(db, now - policy.rawDays * DAY_MS, batchSize);
  // Kept as long as the raw results they were summed from: a day goes once all of it is past retention.
  report.tokenDays = db.prepare(`DELETE FROM "TargetTokenDay" WHERE day + ${DAY_MS} <= ?`).run(now - policy.rawDays * DAY_MS).changes;
  report.agentStreams = db.prepare(`DELETE FROM "AgentStream" WHERE updatedAt < ?`).run(now - AGENT_STREAM_IDLE_MS).changes;
  const plan = [
    ["minuteRollups", `DELETE FROM "RollupMinute" WHERE rowid IN (SELECT rowid FROM "RollupMinute" WHERE bucket < ? LIMIT ${batchSize})`, policy.minuteRollupDays],
    ["hourRollups", `DELETE FROM "RollupHour" WHERE rowid IN (SELECT rowid FROM "RollupHour" WHERE bucket < ? LIMIT ${batchSize})`, policy.rollupDays],
    ["events", `DELETE FROM "RouteEvent" WHERE id IN (SELECT id FROM "RouteEvent" WHERE at < ? LIMIT ${batchSize})`, policy.rollupDays],
  ] as const;
  for (const [key, sql, days] of plan) {
    const statement = db.prepare(sql);
    const cutoff = now - days * DAY_MS;
    for (;;) {
      const { changes } = statement.run(cutoff);
      report[key] += changes;
      if (changes < batchSize) break;
      await yieldToEventLoop();
    }
  }
  return report;
}

/**
 * Raw results go route by route over the (routeId, at) index: the table has
 * no index on `at` alone (it would cost every result about 17 bytes, for a job
 * that runs a few times a day). Each route's old rows are the start of its
 * index range, so every delete finds them without scanning newer ones. One
 * transaction per batch: a commit per route would make the batches slow.
 */
async function pruneResults(db: Sqlite, cutoff: number, batchSize: number): Promise<number> {
  const nextRoute = db.prepare(`SELECT routeId FROM "ProbeResult" WHERE routeId > ? ORDER BY routeId LIMIT 1`).pluck();
  const deleteOld = db.prepare(`DELETE FROM "ProbeResult" WHERE id IN (SELECT id FROM "ProbeResult" WHERE routeId = ? AND at < ? LIMIT ?)`);
  /** Deletes up to batchSize rows from `routeId` on; returns the route to go on with (undefined: all done). */
  const batch = db.transaction((routeId: number | undefined): { deleted: number; routeId: number | undefined } => {
    let deleted = 0;
    while (routeId !== undefined && deleted < batchSize) {
      const budget = batchSize - deleted;
      const { changes } = deleteOld.run(routeId, cutoff, budget);
      deleted += changes;
      if (changes < budget) routeId = nextRoute.get(routeId) as number | undefined;
    }
    return { deleted, routeId };
  });
  let total = 0;
  let routeId = nextRoute.get(-1) as number | undefined;
  while (routeId !== undefined) {
    const done = batch(routeId);
    total += done.deleted;
    routeId = done.routeId;
    if (routeId !== undefined) await yieldToEventLoop();
  }
  return total;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
