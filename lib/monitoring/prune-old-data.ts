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
  const plan = [
    ["results", `DELETE FROM "ProbeResult" WHERE id IN (SELECT id FROM "ProbeResult" WHERE at < ? LIMIT ${batchSize})`, policy.rawDays],
    ["minuteRollups", `DELETE FROM "RollupMinute" WHERE rowid IN (SELECT rowid FROM "RollupMinute" WHERE bucket < ? LIMIT ${batchSize})`, policy.minuteRollupDays],
    ["hourRollups", `DELETE FROM "RollupHour" WHERE rowid IN (SELECT rowid FROM "RollupHour" WHERE bucket < ? LIMIT ${batchSize})`, policy.rollupDays],
    ["events", `DELETE FROM "RouteEvent" WHERE id IN (SELECT id FROM "RouteEvent" WHERE at < ? LIMIT ${batchSize})`, policy.rollupDays],
  ] as const;
  const report: PruneReport = { results: 0, minuteRollups: 0, hourRollups: 0, events: 0 };
  for (const [key, sql, days] of plan) {
    const statement = db.prepare(sql);
    const cutoff = now - days * DAY_MS;
    for (;;) {
      const { changes } = statement.run(cutoff);
      report[key] += changes;
      if (changes < batchSize) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return report;
}
