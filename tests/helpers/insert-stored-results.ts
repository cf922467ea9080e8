import type { PostgresStore } from "@/lib/db/store/postgres/postgres-store";
import { insertRows } from "@/lib/db/store/postgres/pg-bulk";
import type { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import type { Store } from "@/lib/db/store/store";
import { encodeResult, INSERT_RESULT_SQL, type ResultToStore } from "@/lib/monitoring/probe-result-codec";
import { pgTime } from "@/lib/db/store/postgres/pg-pool";

/** ProbeResult's text columns on PostgreSQL (every other encoded column is an integer, but `at` and `ok`). */
const TEXT_COLUMNS = new Set(["message", "apiErrorCode", "requestId"]);

/**
 * Writes raw results straight into ProbeResult (no rollups, no state), in the
 * stored form the app writes, on either engine.
 */
export async function insertStoredResults(store: Store, routeId: number, rows: ResultToStore[]): Promise<void> {
  const encoded = rows.map((row) => encodeResult(routeId, row));
  if (store.engine === "sqlite") {
    const sqlite = (store as SqliteStore).sqlite;
    const statement = sqlite.prepare(INSERT_RESULT_SQL);
    sqlite.transaction(() => {
      for (const row of encoded) statement.run(row);
    })();
    return;
  }
  if (!encoded.length) return;
  const names = Object.keys(encoded[0]!);
  const columns = names.map((name) => [name, name === "at" ? "timestamp" : name === "ok" ? "boolean" : TEXT_COLUMNS.has(name) ? "text" : "int"] as const);
  const values = encoded.map((row) => names.map((name) => (name === "at" ? pgTime(row.at as number) : name === "ok" ? row.ok === 1 : row[name])));
  const client = await (store as PostgresStore).pool.connect();
  try {
    await insertRows(client, "ProbeResult", columns, values);
  } finally {
    client.release();
  }
}
