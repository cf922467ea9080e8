import type pg from "pg";

/** A column of a bulk statement: its name and PostgreSQL type (for the unnest casts). */
export type PgColumn = readonly [name: string, type: string];

/**
 * Inserts many rows in one statement: one array parameter per column,
 * unnested into rows (a round trip per row would cost more than the write).
 * `rest` follows the SELECT (an ON CONFLICT clause, RETURNING…).
 */
export async function insertRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly PgColumn[],
  rows: ReadonlyArray<readonly unknown[]>,
  rest = "",
): Promise<pg.QueryResult> {
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const arrays = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(", ");
  const values = columns.map((_, index) => rows.map((row) => row[index]));
  return client.query(`INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays}) ${rest}`, values);
}
