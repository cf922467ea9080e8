import pg from "pg";
import { log } from "../../../log";
import { pgConnectionConfig } from "../../pg-connection";

/** PostgreSQL's type OIDs that the store reads as numbers. */
const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;

/**
 * Times cross the store as integer milliseconds (lib/db/README.md): a
 * `timestamp(3)` column (what Prisma makes of DateTime, in UTC) is read as
 * one, and 64-bit ids and sums as numbers (ids stay far below 2^53).
 */
function storeTypeParser(oid: number, format?: string): unknown {
  if (oid === TIMESTAMP) return (text: string) => Date.parse(`${text.replace(" ", "T")}Z`);
  if (oid === INT8 || oid === NUMERIC) return (text: string) => Number(text);
  return pg.types.getTypeParser(oid, format as "text");
}

/** A pool for the store's own SQL (Prisma keeps its own for the configuration tables). */
export function createPgPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ ...pgConnectionConfig(url), max, types: { getTypeParser: storeTypeParser } as pg.CustomTypesConfig });
  // An idle client whose connection drops emits here; unhandled, it would end the process. The pool opens a new one when needed.
  pool.on("error", (error) => log.warn("a PostgreSQL connection was lost while idle; the next query opens a new one", { error: error.message }));
  return pool;
}

/**
 * A time for a `timestamp(3)` parameter: an ISO string in UTC. PostgreSQL
 * drops the trailing "Z" for a timestamp without time zone, so the value is
 * UTC whatever the session's time zone.
 */
export function pgTime(ms: number): string;
export function pgTime(ms: number | null): string | null;
export function pgTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** PostgreSQL's codes for a transaction that lost to another one and may simply run again. */
const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * Runs `work` in one transaction on one client; a deadlock or serialization
 * failure (two hubs updating the same rows in another order) runs it again,
 * a few times.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    // A connection that breaks while checked out emits "error" on its client (the pool's handler covers idle ones
    // only): unheard, it would end the process; the query in flight fails with it anyway.
    const onError = () => undefined;
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (attempt >= attempts || !RETRYABLE.has((error as { code?: string }).code ?? "")) throw error;
    } finally {
      client.removeListener("error", onError);
      client.release();
    }
  }
}
