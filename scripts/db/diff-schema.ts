import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSchemaEngine } from "./load-schema-engine";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA } from "./postgres-schema";

/** The SQL that would take the database at `databaseFile` to prisma/schema.prisma ("" when they match). */
export function diffDatabaseToSchema(databaseFile: string): Promise<string> {
  return diffToSchema(`file:${databaseFile}`, SQLITE_SCHEMA);
}

/** The SQL that would take the PostgreSQL database at `url` to prisma/postgresql/schema.prisma ("" when they match). */
export function diffPostgresToSchema(url: string): Promise<string> {
  return diffToSchema(url, POSTGRES_SCHEMA);
}

async function diffToSchema(databaseUrl: string, schemaFile: string): Promise<string> {
  const schemaPath = join(process.cwd(), schemaFile);
  const schema = readFileSync(schemaPath, "utf8");
  const engine = await loadSchemaEngine(databaseUrl, schemaPath, schema);
  const result = await engine.diff({
    from: { tag: "schemaDatasource", files: [{ path: schemaPath, content: schema }], configDir: process.cwd() },
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql = (result as { stdout?: string }).stdout ?? "";
  return /^\s*(-- This is an empty migration\.?)?\s*$/.test(sql) ? "" : sql;
}
