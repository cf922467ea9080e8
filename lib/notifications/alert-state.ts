import { prepared } from "../db/prepared";
import type { Sqlite } from "../db/sqlite";

/**
 * What was last said about one thing alerts are about (AlertState, by key:
 * "route:<id>", "quota:<id>", "agent:<id>"…): the level told, when, and how
 * many changes were folded since. One reader and writer for the route
 * alerts and the agents' presence alike.
 */
export interface AlertState {
  level: string | null;
  lastSentAt: number | null;
  suppressed: number;
}

export function readAlertState(db: Sqlite, key: string): AlertState {
  const row = prepared(db, `SELECT lastSentAt, suppressed, level FROM "AlertState" WHERE key = ?`).get(key) as AlertState | undefined;
  return row ?? { lastSentAt: null, suppressed: 0, level: null };
}

export function saveAlertState(db: Sqlite, key: string, state: AlertState): void {
  prepared(db, `INSERT OR REPLACE INTO "AlertState" (key, lastSentAt, suppressed, level) VALUES (?, ?, ?, ?)`).run(key, state.lastSentAt, state.suppressed, state.level);
}
