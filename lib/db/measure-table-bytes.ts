import type { Sqlite } from "./sqlite";

export interface TableBytes {
  /** Bytes of pages per b-tree: the table's own and each of its indexes'. */
  btrees: Record<string, number>;
  /** The table plus all its indexes. */
  total: number;
}

/**
 * What a table really occupies on disk, indexes included, from SQLite's
 * `dbstat` virtual table (whole pages, so free space inside them counts: that
 * is what the file grows by). Needs SQLITE_ENABLE_DBSTAT_VTAB, which
 * better-sqlite3's bundled SQLite has.
 */
export function measureTableBytes(db: Sqlite, table: string): TableBytes {
  const rows = db
    .prepare(
      `SELECT name, SUM(pgsize) AS bytes FROM dbstat
        WHERE name = ? OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)
        GROUP BY name ORDER BY name`,
    )
    .all(table, table) as Array<{ name: string; bytes: number }>;
  const btrees = Object.fromEntries(rows.map((row) => [row.name, row.bytes]));
  return { btrees, total: rows.reduce((sum, row) => sum + row.bytes, 0) };
}
