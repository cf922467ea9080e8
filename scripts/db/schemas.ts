// npm run db:schemas
// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the
// PostgreSQL twin of the models) and generates both engines' clients.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { derivePostgresSchema, POSTGRES_SCHEMA } from "./postgres-schema";

writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema());
console.log(`Wrote ${POSTGRES_SCHEMA}`);
execFileSync("npx", ["--no", "prisma", "generate", "--schema", POSTGRES_SCHEMA], { stdio: "inherit" });
