import type pg from "pg";

/**
 * What runs a query: the pool (each statement on its own, autocommit) or one
 * client inside a transaction. Areas whose methods also run inside another
 * area's transaction (the alert pass's outbox and presence) take this, so the
 * same code serves both.
 */
export interface PgQueryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
