import type { Sqlite } from "@/lib/db/sqlite";
import type { PostgresStore } from "@/lib/db/store/postgres/postgres-store";
import type { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import type { Store } from "@/lib/db/store/store";

/**
 * SQL a test runs on either engine: one text when both read it alike
 * (identifiers in double quotes, `?` for parameters), or one per engine
 * where the dialects differ (times, booleans, integer division).
 */
export type EngineSql = string | { sqlite: string; postgresql: string };

/** A time parameter: integer milliseconds on SQLite, a `timestamp(3)` (UTC) on PostgreSQL. */
export class SqlTime {
  constructor(readonly ms: number) {}
}
export const sqlTime = (ms: number) => new SqlTime(ms);

/**
 * Runs a query on the store's own connection and returns its rows as SQLite
 * gives them: times in milliseconds and 64-bit counts as numbers (the
 * PostgreSQL store's type parsers), booleans as 0/1.
 */
export async function readRows<T = Record<string, unknown>>(store: Store, sql: EngineSql, params: readonly unknown[] = []): Promise<T[]> {
  if (store.engine === "sqlite") return sqliteOf(store).prepare(textFor(sql, "sqlite")).all(...params.map(forSqlite)) as T[];
  const { rows } = await poolOf(store).query(numbered(textFor(sql, "postgresql")), params.map(forPostgres));
  return rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "boolean" ? Number(value) : value])) as T);
}

/** The first row (undefined when there is none). */
export async function readRow<T = Record<string, unknown>>(store: Store, sql: EngineSql, params: readonly unknown[] = []): Promise<T | undefined> {
  return (await readRows<T>(store, sql, params))[0];
}

/** The first column of the first row. */
export async function readValue<T = unknown>(store: Store, sql: EngineSql, params: readonly unknown[] = []): Promise<T> {
  const row = await readRow(store, sql, params);
  return (row ? Object.values(row)[0] : undefined) as T;
}

/** Runs a statement that writes (a test setting up rows no product path makes); returns the rows changed. */
export async function runSql(store: Store, sql: EngineSql, params: readonly unknown[] = []): Promise<number> {
  if (store.engine === "sqlite") return sqliteOf(store).prepare(textFor(sql, "sqlite")).run(...params.map(forSqlite)).changes;
  return (await poolOf(store).query(numbered(textFor(sql, "postgresql")), params.map(forPostgres))).rowCount ?? 0;
}

function textFor(sql: EngineSql, engine: "sqlite" | "postgresql"): string {
  return typeof sql === "string" ? sql : sql[engine];
}

/** `?` placeholders as PostgreSQL's `$1, $2…` (the tests' SQL has no `?` inside string literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function forSqlite(value: unknown): unknown {
  if (value instanceof SqlTime) return value.ms;
  return typeof value === "boolean" ? Number(value) : value;
}

function forPostgres(value: unknown): unknown {
  return value instanceof SqlTime ? new Date(value.ms).toISOString() : value;
}

// The engine's connection behind the Store interface: each store keeps it as a public field.
function sqliteOf(store: Store): Sqlite {
  return (store as SqliteStore).sqlite;
}

function poolOf(store: Store): PostgresStore["pool"] {
  return (store as PostgresStore).pool;
}
