import { existsSync } from "node:fs";
import type pg from "pg";
import { maskDatabaseUrl } from "../database-path";
import { migrateDatabase } from "../migrate";
import { migratePostgres } from "../migrate-postgres";
import { openSqlite, type Sqlite } from "../sqlite";
import { createPgPool, inTransaction } from "../store/postgres/pg-pool";
import { readTargetTables, type TargetTable } from "./target-tables";

export class CopyError extends Error {
  readonly code = "copy_failed";
  constructor(message: string) {
    super(message);
    this.name = "CopyError";
  }
}

export interface CopyOptions {
  /** The SQLite file to copy from. */
  fromPath: string;
  /** The PostgreSQL database to copy into (migrated first). */
  toUrl: string;
  batchSize?: number;
  onProgress?: (line: string) => void;
}

export interface CopyReport {
  tables: Array<{ table: string; rows: number; resumedAt: number }>;
}

/** Our bookkeeping in the target: how far each table got, so that a rerun resumes. */
const PROGRESS_TABLE = "_proxypulse_copy";
/** Per process, not history: each hub takes its leases afresh. */
const SKIPPED = new Set(["SchedulerLease"]);

/**
 * Copies a SQLite database's every table into PostgreSQL, in foreign-key
 * order, in batches keyed by primary key; each batch and its progress row
 * are one transaction, so an interrupted copy (a kill, a lost connection)
 * resumes where it stopped and never stores a row twice. Afterwards the id
 * sequences are set past the copied ids and every table's row count is
 * compared; a difference fails the copy. Refuses a target that already
 * holds data it did not copy.
 */
export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const { fromPath, toUrl } = options;
  const batchSize = options.batchSize ?? 5000;
  const say = options.onProgress ?? (() => undefined);
  if (!existsSync(fromPath)) throw new CopyError(`the SQLite database ${fromPath} does not exist`);
  // The source as the running version would read it (its own migrations applied, as every start does).
  const migrated = migrateDatabase(fromPath);
  if (migrated.applied.length) say(`migrated ${fromPath} first: ${migrated.applied.join(", ")}`);
  const sqlite = openSqlite(fromPath, { readonly: true });
  const pool = createPgPool(toUrl, 2);
  try {
    // Before anything is written there: a database of someone else's is left as it was found.
    await refuseForeignTables(pool, sqlite);
    await migratePostgres(toUrl);
    await pool.query(`CREATE TABLE IF NOT EXISTS "${PROGRESS_TABLE}" ("table" text PRIMARY KEY, "lastKey" text, copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false)`);
    const tables = (await readTargetTables(pool)).filter((table) => !SKIPPED.has(table.name));
    await refuseForeignData(pool, tables);
    const report: CopyReport = { tables: [] };
    for (const table of tables) report.tables.push(await copyTable(sqlite, pool, table, batchSize, say));
    await setSequences(pool, tables);
    await compareCounts(sqlite, pool, tables);
    say(`copied ${tables.length} tables into ${maskDatabaseUrl(toUrl)}; every table's row count matches`);
    return report;
  } finally {
    sqlite.close();
    await pool.end();
  }
}

/** A target holding tables that are not ProxyPulse's is another application's database: refused before it is touched. */
async function refuseForeignTables(pool: pg.Pool, sqlite: Sqlite): Promise<void> {
  const ours = new Set([
    ...(sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).pluck().all() as string[]),
    "_prisma_migrations",
    PROGRESS_TABLE,
  ]);
  const { rows } = await pool.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
  const foreign = rows.map((row) => row.name).filter((name) => !ours.has(name));
  if (foreign.length) {
    throw new CopyError(`the target database holds tables that are not ProxyPulse's (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", …" : ""}): copy into a new, empty database`);
  }
}

/** A target with rows in a table this tool has not started on is someone's database: never merged into. */
async function refuseForeignData(pool: pg.Pool, tables: TargetTable[]): Promise<void> {
  const { rows } = await pool.query<{ table: string }>(`SELECT "table" FROM "${PROGRESS_TABLE}"`);
  const started = new Set(rows.map((row) => row.table));
  for (const table of tables) {
    if (started.has(table.name)) continue;
    // The migrations insert the hub's own location: not data of anyone's.
    const own = table.name === "Location" ? ` WHERE NOT (id = 1 AND kind = 'local' AND source = 'builtin')` : "";
    const { rows: found } = await pool.query(`SELECT 1 FROM "${table.name}"${own} LIMIT 1`);
    if (found.length) {
      throw new CopyError(`the target database already holds data (table ${table.name}) that this copy did not write: copy into a new, empty database`);
    }
  }
}

async function copyTable(sqlite: Sqlite, pool: pg.Pool, table: TargetTable, batchSize: number, say: (line: string) => void): Promise<CopyReport["tables"][number]> {
  const { rows } = await pool.query<{ lastKey: string | null; copied: number; done: boolean }>(`SELECT "lastKey", copied, done FROM "${PROGRESS_TABLE}" WHERE "table" = $1`, [table.name]);
  const progress = rows[0];
  if (progress?.done) return { table: table.name, rows: Number(progress.copied), resumedAt: Number(progress.copied) };
  let lastKey = progress?.lastKey ? (JSON.parse(progress.lastKey) as unknown[]) : null;
  let copied = Number(progress?.copied ?? 0);
  const resumedAt = copied;
  if (resumedAt) say(`${table.name}: resuming after ${resumedAt} rows`);
  const columns = table.columns.map((column) => `"${column.name}"`).join(", ");
  const key = table.primaryKey.map((name) => `"${name}"`).join(", ");
  const after = `(${key}) > (${table.primaryKey.map(() => "?").join(", ")})`;
  const first = sqlite.prepare(`SELECT ${columns} FROM "${table.name}" ORDER BY ${key} LIMIT ?`).raw();
  const next = sqlite.prepare(`SELECT ${columns} FROM "${table.name}" WHERE ${after} ORDER BY ${key} LIMIT ?`).raw();
  const keyIndexes = table.primaryKey.map((name) => table.columns.findIndex((column) => column.name === name));
  const insert = insertSql(table);
  for (;;) {
    const batch = (lastKey ? next.all(...lastKey, batchSize) : first.all(batchSize)) as unknown[][];
    const last = batch[batch.length - 1];
    const done = batch.length < batchSize;
    // Worked out before the transaction, which may run again (a deadlock): it must not count twice.
    const nextCopied = copied + batch.length;
    const nextKey = last ? keyIndexes.map((index) => last[index]) : lastKey;
    await inTransaction(pool, async (client) => {
      if (batch.length) await client.query(insert, table.columns.map((column, index) => batch.map((row) => column.fromSqlite(row[index]))));
      await client.query(
        `INSERT INTO "${PROGRESS_TABLE}" ("table", "lastKey", copied, done) VALUES ($1, $2, $3, $4)
         ON CONFLICT ("table") DO UPDATE SET "lastKey" = excluded."lastKey", copied = excluded.copied, done = excluded.done`,
        [table.name, nextKey ? JSON.stringify(nextKey) : null, nextCopied, done],
      );
    });
    copied = nextCopied;
    lastKey = nextKey;
    if (batch.length) say(`${table.name}: ${copied} rows`);
    if (done) return { table: table.name, rows: copied, resumedAt };
  }
}

/** One batch as one statement: a parameter array per column, unnested into rows, each cast to its column's type. */
function insertSql(table: TargetTable): string {
  const names = table.columns.map((column) => `"${column.name}"`);
  const arrays = table.columns.map((column, index) => `$${index + 1}::${column.type}[]`);
  const others = table.columns.filter((column) => !table.primaryKey.includes(column.name));
  // Only the hub's own location row can be there already (the migrations insert it): the source's copy wins.
  const conflict = others.length
    ? `ON CONFLICT (${table.primaryKey.map((name) => `"${name}"`).join(", ")}) DO UPDATE SET ${others.map((column) => `"${column.name}" = excluded."${column.name}"`).join(", ")}`
    : "ON CONFLICT DO NOTHING";
  return `INSERT INTO "${table.name}" (${names.join(", ")}) SELECT * FROM unnest(${arrays.join(", ")}) ${conflict}`;
}

/** New rows on PostgreSQL get ids after the copied ones. */
async function setSequences(pool: pg.Pool, tables: TargetTable[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      const { rows } = await pool.query<{ sequence: string | null }>(`SELECT pg_get_serial_sequence($1, $2) AS sequence`, [`"${table.name}"`, column.name]);
      const sequence = rows[0]?.sequence;
      if (sequence) await pool.query(`SELECT setval($1, GREATEST((SELECT MAX("${column.name}") FROM "${table.name}"), 1))`, [sequence]);
    }
  }
}

async function compareCounts(sqlite: Sqlite, pool: pg.Pool, tables: TargetTable[]): Promise<void> {
  const differences: string[] = [];
  for (const table of tables) {
    const source = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table.name}"`).get() as { n: number }).n;
    const { rows } = await pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "${table.name}"`);
    if (rows[0]!.n !== source) differences.push(`${table.name}: ${source} in SQLite, ${rows[0]!.n} in PostgreSQL`);
  }
  if (differences.length) throw new CopyError(`row counts differ after the copy (was the SQLite database written meanwhile? stop ProxyPulse and copy again): ${differences.join("; ")}`);
}
