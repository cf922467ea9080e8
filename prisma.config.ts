// Prisma's CLI tries to download its native schema engine first; this machine
// (and CI) cannot reach it. generate/validate/format need only WASM, so point
// the binary at something that exists. Migrations are made and applied
// without the CLI: see scripts/db/ and lib/db/migrate.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/proxypulse.db" },
});
