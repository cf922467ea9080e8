import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

/**
 * A pool for the schema engine on PostgreSQL: its introspection reads
 * pg_catalog columns of the one-byte type "char" (OID 18), which the pg
 * adapter has no column type for ("Column type 'char' could not be
 * deserialized"); their values arrive as text, so they are declared text.
 * Only the migration tooling uses this; the product's queries never read
 * such columns.
 */
function schemaEnginePool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url });
  // The adapter calls query(config) and awaits it (the callback forms are not used here).
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  (pool as unknown as { query: typeof query }).query = async (config) => {
    const result = await query(config);
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return pool;
}

/**
 * Prisma's schema engine as WebAssembly (an npm package at the exact engine
 * version of the installed prisma), driven through a driver adapter (the
 * database's engine is the URL's: a SQLite file or PostgreSQL): the native
 * engine that `prisma migrate` downloads is unreachable here.
 */
/** The glue module holds one instance: a second one made beside it corrupted the first's (a panic). */
let wasmReady: Promise<void> | null = null;

async function instantiateWasm(): Promise<void> {
  // Where the engine reports a panic (else it fails reading this global, hiding the panic's message).
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  holder.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => console.error(`Prisma schema engine panicked: ${message}`) };
  // The package exports only its JS: find the .wasm beside its glue module.
  const require = createRequire(import.meta.url);
  const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
}

export async function loadSchemaEngine(databaseUrl: string, schemaPath: string, schema: string) {
  await (wasmReady ??= instantiateWasm());
  const factory = /^postgres(ql)?:/.test(databaseUrl)
    ? new PrismaPg(schemaEnginePool(databaseUrl), { disposeExternalPool: true })
    : new PrismaBetterSqlite3({ url: databaseUrl }, { timestampFormat: "unixepoch-ms" });
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(message);
  };
  return glue.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
}
