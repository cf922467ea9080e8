import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Prisma's schema engine as WebAssembly (an npm package at the exact engine
 * version of the installed prisma), driven through the better-sqlite3 adapter:
 * the native engine that `prisma migrate` downloads is unreachable here.
 */
export async function loadSchemaEngine(databaseUrl: string, schemaPath: string, schema: string) {
  // The package exports only its JS: find the .wasm beside its glue module.
  const require = createRequire(import.meta.url);
  const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: databaseUrl }, { timestampFormat: "unixepoch-ms" }));
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(message);
  };
  return glue.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
}
