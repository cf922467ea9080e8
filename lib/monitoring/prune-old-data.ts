import type { Sqlite } from "../db/sqlite";

export interface RetentionPolicy {
  rawDays: number;
  minuteRollupDays: number;
  rollupDays: number;
}

export interface PruneReport {
  results: number;
  minuteRollups: number;
  hourRollups: number;
  events: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes data past its retention in small batches, yielding to the event
 * loop between them so that probes and pages never wait behind a big delete.
 */
export async function pruneOldData(db: Sqlite, policy: RetentionPolicy, now: number = Date.now(), batchSize = 2000): Promise<PruneReport> {
  const report: PruneReport = { results: 0, minuteRollups: 0, hourRollups: 0, events: 0 };
  report.results = await pruneResults(db, now - policy.rawDays * DAY_MS, batchSize);
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
 * index range, so every delete finds them without scanning newer ones.
 */
async function pruneResults(db: Sqlite, cutoff: number, batchSize: number): Promise<number> {
  const nextRoute = db.prepare(`SELECT routeId FROM "ProbeResult" WHERE routeId > ? ORDER BY routeId LIMIT 1`).pluck();
  const deleteOld = db.prepare(`DELETE FROM "ProbeResult" WHERE id IN (SELECT id FROM "ProbeResult" WHERE routeId = ? AND at < ? LIMIT ?)`);
  let deleted = 0;
  let sinceYield = 0;
  for (let routeId = nextRoute.get(-1) as number | undefined; routeId !== undefined; routeId = nextRoute.get(routeId) as number | undefined) {
    for (;;) {
      const { changes } = deleteOld.run(routeId, cutoff, batchSize - sinceYield);
      deleted += changes;
      sinceYield += changes;
      if (sinceYield < batchSize) break;
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
  return deleted;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
