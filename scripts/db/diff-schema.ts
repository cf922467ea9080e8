import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSchemaEngine } from "./load-schema-engine";

/** The SQL that would take the database at `databaseFile` to prisma/schema.prisma ("" when they match). */
export async function diffDatabaseToSchema(databaseFile: string): Promise<string> {
  const schemaPath = join(process.cwd(), "prisma", "schema.prisma");
  const schema = readFileSync(schemaPath, "utf8");
  const engine = await loadSchemaEngine(`file:${databaseFile}`, schemaPath, schema);
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
