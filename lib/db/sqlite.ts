import Database from "better-sqlite3";
import { prepareDatabaseFile } from "./database-path";

export type Sqlite = Database.Database;

/**
 * A direct better-sqlite3 connection for the hot paths (batched result
 * writes, rollup reads, pruning), where Prisma's per-query overhead would
 * miss the performance targets. Same file, same pragmas as the Prisma client.
 */
export function openSqlite(path: string, options: { readonly?: boolean } = {}): Sqlite {
  if (!options.readonly) prepareDatabaseFile(path);
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 10000");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}
