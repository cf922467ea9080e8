import type Database from "better-sqlite3";
import type { Sqlite } from "./sqlite";

const cache = new WeakMap<Sqlite, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on this connection, prepared on first use and
 * kept with the connection: for code that runs per event or per probe,
 * where preparing again each time cost more than the query (and left a
 * statement object behind for the GC each time). Callers must not change the
 * statement's mode (pluck, raw, expand): it is shared by every caller with
 * the same SQL text.
 */
export function prepared(db: Sqlite, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
