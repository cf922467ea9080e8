import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pgConnectionConfig } from "./pg-connection";
import { listMigrations, MigrationError, type MigrationReport } from "./migrate";

/** prisma/postgresql/migrations of this checkout (found as migrate.ts finds the SQLite ones). */
function findMigrationsDir(): string {
  const besideSource = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma", "postgresql", "migrations");
  return existsSync(/*turbopackIgnore: true*/ besideSource) ? besideSource : join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "postgresql", "migrations");
}

export const POSTGRES_MIGRATIONS_DIR = findMigrationsDir();

/** The advisory lock `prisma migrate deploy` takes: our runner and Prisma's never migrate one database at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

/**
 * Applies prisma/postgresql/migrations to a PostgreSQL database the way
 * `prisma migrate deploy` does (its `_prisma_migrations` table and advisory
 * lock, so Prisma's own engine accepts the result), each migration in one
 * transaction (PostgreSQL's DDL is transactional: a failed migration leaves
 * nothing behind). Idempotent; safe when several hub processes start at once.
 */
export async function migratePostgres(url: string, migrationsDir: string = POSTGRES_MIGRATIONS_DIR): Promise<MigrationReport> {
  const client = new pg.Client(pgConnectionConfig(url));
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`);
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of listMigrations(migrationsDir)) {
      const { rows } = await client.query<{ checksum: string; finished_at: Date | null }>(
        `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [migration.name],
      );
      const existing = rows[0];
      if (existing?.finished_at) {
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(`migration ${migration.name} was changed after it was applied (checksum differs); restore it and add a new migration instead`);
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      if (existing) throw new MigrationError(`migration ${migration.name} started earlier but did not finish; inspect the database before retrying`);
      const startedAt = new Date();
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new MigrationError(`migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}
