// Each engine's part of the storage benchmark before the service starts:
// the summaries recomputed by the engine's own code, and what the raw
// results occupy, measured the engine's way.
import { statSync } from "node:fs";
import type pg from "pg";
import { loadavg } from "node:os";
import { copySqliteToPostgres } from "../lib/db/copy/copy-sqlite-to-postgres";
import { measureTableBytes } from "../lib/db/measure-table-bytes";
import { openSqlite } from "../lib/db/sqlite";
import { createPgPool } from "../lib/db/store/postgres/pg-pool";
import { PostgresStore } from "../lib/db/store/postgres/postgres-store";
import type { StoreEngine } from "../lib/db/store/store";
import { refreshRouteSummaries } from "../lib/db/store/sqlite/refresh-route-summaries";
import type { BenchPgCluster } from "./bench-pg-cluster";
import type { StorageSeed } from "./storage-seed";

export interface PreparedEngine {
  engine: StoreEngine;
  /** DATABASE_URL for the service. */
  databaseUrl: string;
  /** Every route's summary recomputed from its rollups, once. */
  summaryMs: number;
  rawCount: number;
  /** The raw results' table with its indexes (and TOAST on PostgreSQL), bytes. */
  rawBytes: number;
  /** The same, part by part. */
  rawParts: Record<string, number>;
  /** The whole database: raw rows, indexes, rollups and the rest. */
  databaseBytes: number;
}

const load = () => loadavg()[0]!.toFixed(1);

/** SQLite: the full recompute the summaries had before they were kept incrementally; the table's pages from dbstat. */
export function prepareSqlite(seed: StorageSeed): PreparedEngine {
  const db = openSqlite(seed.dbPath);
  try {
    const started = performance.now();
    refreshRouteSummaries(db, seed.now);
    const summaryMs = performance.now() - started;
    db.pragma("wal_checkpoint(TRUNCATE)");
    const measured = measureTableBytes(db, "ProbeResult");
    const rawCount = (db.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get() as { n: number }).n;
    console.log(`  SQLite: summaries recomputed in ${summaryMs.toFixed(0)} ms; ${rawCount.toLocaleString("en")} raw results measured (load ${load()})`);
    return { engine: "sqlite", databaseUrl: `file:${seed.dbPath}`, summaryMs, rawCount, rawBytes: measured.total, rawParts: measured.btrees, databaseBytes: statSync(seed.dbPath).size };
  } finally {
    db.close();
  }
}

export interface LoadedPostgres {
  url: string;
  loadSeconds: number;
}

/**
 * PostgreSQL gets the seed's rows through `db:copy`'s code (the way a user
 * moves a SQLite database over): every table in primary-key order, so the
 * raw results arrive in the order SQLite stored them, and its (routeId, at)
 * index fills its pages as it does in use. Many rows per statement (unnest).
 */
export async function loadPostgres(seed: StorageSeed, cluster: BenchPgCluster): Promise<LoadedPostgres> {
  const url = await cluster.createDatabase("bench_storage");
  const started = performance.now();
  let said = 0;
  const report = await copySqliteToPostgres({
    fromPath: seed.dbPath,
    toUrl: url,
    batchSize: 20_000,
    onProgress: (line) => {
      if (performance.now() - said < 2000) return;
      said = performance.now();
      process.stdout.write(`  PostgreSQL: copying, ${line} (${((said - started) / 1000).toFixed(0)} s)\x1b[K\r`);
    },
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`  PostgreSQL: loaded from the SQLite file in ${loadSeconds.toFixed(0)} s (${rows.toLocaleString("en")} rows of every table, ${Math.round(rows / loadSeconds).toLocaleString("en")} rows/s; load ${load()})\x1b[K`);
  return { url, loadSeconds };
}

/**
 * PostgreSQL after the load, as autovacuum would leave it (VACUUM ANALYZE:
 * statistics and the visibility map), the summaries recomputed by the
 * PostgreSQL store, and the raw results' size: pg_total_relation_size
 * (heap, TOAST, free space and visibility maps, every index) per row.
 */
export async function preparePostgres(loaded: LoadedPostgres, seed: StorageSeed): Promise<PreparedEngine> {
  const pool = createPgPool(loaded.url, 2);
  const store = new PostgresStore(pool);
  try {
    await pool.query("VACUUM ANALYZE");
    const { rows: routes } = await pool.query<{ id: number }>(`SELECT id FROM "Route" ORDER BY id`);
    const started = performance.now();
    await store.summaries.refreshWritten(routes.map((row) => row.id), seed.now);
    const summaryMs = performance.now() - started;
    const { rows } = await pool.query<{ total: number; heap: number; toast: number; maps: number; rawCount: number; database: number }>(
      `SELECT pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
              COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS toast,
              pg_relation_size(c.oid, 'fsm') + pg_relation_size(c.oid, 'vm') AS maps,
              (SELECT COUNT(*) FROM "ProbeResult") AS "rawCount", pg_database_size(current_database()) AS database
         FROM pg_class c WHERE c.oid = '"ProbeResult"'::regclass`,
    );
    const { rows: indexes } = await pool.query<{ name: string; bytes: number }>(
      `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes FROM pg_index WHERE indrelid = '"ProbeResult"'::regclass ORDER BY 1`,
    );
    const row = rows[0]!;
    const rawParts: Record<string, number> = { heap: row.heap, "free space and visibility maps": row.maps, TOAST: row.toast };
    for (const index of indexes) rawParts[index.name.replaceAll('"', "")] = index.bytes;
    console.log(`  PostgreSQL: vacuumed and analyzed, summaries recomputed in ${summaryMs.toFixed(0)} ms (load ${load()})`);
    console.log(`  PostgreSQL: how full the raw results' index leaves are (pgstatindex): ${await leafDensities(pool, indexes.map((index) => index.name))}`);
    return { engine: "postgresql", databaseUrl: loaded.url, summaryMs, rawCount: row.rawCount, rawBytes: row.total, rawParts, databaseBytes: row.database };
  } finally {
    await store.close();
  }
}

/** Each index's average leaf density: what explains an index's bytes beyond its entries (pgstattuple ships with PostgreSQL). */
async function leafDensities(pool: pg.Pool, names: string[]): Promise<string> {
  try {
    await pool.query("CREATE EXTENSION IF NOT EXISTS pgstattuple");
    const parts: string[] = [];
    for (const name of names) {
      const { rows } = await pool.query<{ density: number }>(`SELECT avg_leaf_density AS density FROM pgstatindex($1)`, [name]);
      parts.push(`${name.replaceAll('"', "")} ${rows[0]!.density.toFixed(0)} %`);
    }
    return parts.join(", ");
  } catch (error) {
    return `not measured (${(error as Error).message})`;
  }
}
