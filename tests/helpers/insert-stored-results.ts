import type { Sqlite } from "@/lib/db/sqlite";
import { encodeResult, INSERT_RESULT_SQL, type ResultToStore } from "@/lib/monitoring/probe-result-codec";

/** Writes raw results straight into ProbeResult (no rollups, no state), in the stored form the app writes. */
export function insertStoredResults(db: Sqlite, routeId: number, rows: ResultToStore[]): void {
  const statement = db.prepare(INSERT_RESULT_SQL);
  db.transaction(() => {
    for (const row of rows) statement.run(encodeResult(routeId, row));
  })();
}
