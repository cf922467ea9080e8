import type Database from "better-sqlite3";
import type { Sqlite } from "../db/sqlite";

const statements = new WeakMap<Sqlite, Database.Statement<[number, number]>>();

/**
 * Adds slots the scheduler could not probe to the route's count, in the
 * database so that the API and /metrics of every process see them (the
 * scheduler may run in a worker).
 */
export function recordSkippedSlots(db: Sqlite, routeId: number, slots: number): void {
  let update = statements.get(db);
  if (!update) {
    update = db.prepare<[number, number]>(`UPDATE "Route" SET skippedSlots = skippedSlots + ? WHERE id = ?`);
    statements.set(db, update);
  }
  update.run(slots, routeId);
}
