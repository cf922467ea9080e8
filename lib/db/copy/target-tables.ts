import type pg from "pg";

export interface TargetColumn {
  name: string;
  /** PostgreSQL's name of the column's type (format_type), for casts. */
  type: string;
  /** The value SQLite stores, as this column takes it. */
  fromSqlite: (value: unknown) => unknown;
}

export interface TargetTable {
  name: string;
  columns: TargetColumn[];
  primaryKey: string[];
}

/**
 * The target's tables as its catalog describes them (the migrations made
 * them from the same schema as SQLite's), in an order where every table
 * comes after the tables its foreign keys point to.
 */
export async function readTargetTables(pool: pg.Pool): Promise<TargetTable[]> {
  const { rows: columns } = await pool.query<{ table: string; name: string; type: string }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE '\\_%'
      ORDER BY c.relname, a.attnum`,
  );
  const { rows: keys } = await pool.query<{ table: string; name: string }>(
    `SELECT c.relname AS table, a.attname AS name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary ORDER BY c.relname, k.position`,
  );
  const { rows: references } = await pool.query<{ table: string; references: string }>(
    `SELECT c.relname AS table, r.relname AS references
       FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class r ON r.oid = f.confrelid
      WHERE f.contype = 'f' AND c.relname <> r.relname`,
  );
  const tables = new Map<string, TargetTable>();
  for (const column of columns) {
    let table = tables.get(column.table);
    if (!table) tables.set(column.table, (table = { name: column.table, columns: [], primaryKey: [] }));
    table.columns.push({ name: column.name, type: column.type, fromSqlite: converterFor(column.type) });
  }
  for (const key of keys) tables.get(key.table)?.primaryKey.push(key.name);
  for (const table of tables.values()) if (!table.primaryKey.length) throw new Error(`table ${table.name} has no primary key to copy it by`);
  return dependencyOrder([...tables.values()], references);
}

function dependencyOrder(tables: TargetTable[], references: Array<{ table: string; references: string }>): TargetTable[] {
  const ordered: TargetTable[] = [];
  const placed = new Set<string>();
  const visit = (table: TargetTable, path: Set<string>) => {
    if (placed.has(table.name)) return;
    if (path.has(table.name)) throw new Error(`foreign keys form a cycle through ${table.name}`);
    path.add(table.name);
    for (const reference of references.filter((entry) => entry.table === table.name)) {
      const parent = tables.find((candidate) => candidate.name === reference.references);
      if (parent) visit(parent, path);
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, new Set());
  return ordered;
}

/**
 * SQLite keeps DateTime as integer milliseconds (Prisma's unixepoch-ms; a
 * row that SQL inserted with its default has CURRENT_TIMESTAMP's text) and
 * booleans as 0/1.
 */
function converterFor(type: string): (value: unknown) => unknown {
  if (type.startsWith("timestamp")) return (value) => (value === null ? null : new Date(sqliteTimeMs(value)).toISOString());
  if (type === "boolean") return (value) => (value === null ? null : Boolean(value));
  if (type === "bigint") return (value) => (value === null ? null : String(value));
  return (value) => value;
}

function sqliteTimeMs(value: unknown): number {
  if (typeof value === "number" || typeof value === "bigint") return Number(value);
  const text = String(value);
  if (/^-?\d+$/.test(text)) return Number(text);
  const ms = Date.parse(/^\d{4}-\d\d-\d\d \d/.test(text) ? `${text.replace(" ", "T")}Z` : text);
  if (Number.isNaN(ms)) throw new Error(`a time SQLite holds as "${text}" cannot be read`);
  return ms;
}
