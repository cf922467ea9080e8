import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { prepareDatabaseFile } from "./database-path";

/**
 * prisma/migrations of this checkout: beside the source when run from it
 * (tsx: the worker, scripts, tests), else under the working directory (the
 * bundled Next server runs from the project root).
 */
function findMigrationsDir(): string {
  const besideSource = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma", "migrations");
  return existsSync(/*turbopackIgnore: true*/ besideSource) ? besideSource : join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export const MIGRATIONS_DIR = findMigrationsDir();

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  readonly code = "migration_failed";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/**
 * Applies prisma/migrations to a SQLite file the way `prisma migrate deploy`
 * does (same `_prisma_migrations` bookkeeping, so Prisma's own engine accepts
 * the result), without Prisma's downloadable engine. Idempotent, one
 * transaction per migration, safe when two processes start at once.
 */
export function migrateDatabase(filePath: string, migrationsDir: string = MIGRATIONS_DIR): MigrationReport {
  prepareDatabaseFile(filePath);
  const db = new Database(filePath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    // Prisma's table-redefinition SQL toggles foreign_keys, which has no effect
    // inside a transaction: keep them off here and check them before commit.
    db.pragma("foreign_keys = OFF");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`);
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of listMigrations(migrationsDir)) {
      const outcome = applyOne(db, migration);
      report[outcome === "applied" ? "applied" : "alreadyApplied"].push(migration.name);
    }
    return report;
  } finally {
    db.close();
  }
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function applyOne(db: Database.Database, migration: MigrationFile): "applied" | "skipped" {
  const begin = db.prepare("BEGIN IMMEDIATE");
  begin.run();
  try {
    const existing = db
      .prepare(`SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL`)
      .get(migration.name) as { checksum: string; finished_at: string | null } | undefined;
    if (existing?.finished_at) {
      db.exec("COMMIT");
      if (existing.checksum !== migration.checksum) {
        throw new MigrationError(`migration ${migration.name} was changed after it was applied (checksum differs); restore it and add a new migration instead`);
      }
      return "skipped";
    }
    if (existing) {
      throw new MigrationError(`migration ${migration.name} started earlier but did not finish; inspect the database before retrying`);
    }
    const startedAt = new Date().toISOString();
    db.exec(migration.sql);
    const violations = db.prepare("PRAGMA foreign_key_check").all();
    if (violations.length > 0) throw new MigrationError(`migration ${migration.name} leaves ${violations.length} foreign key violation(s)`);
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
    ).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, startedAt);
    db.exec("COMMIT");
    return "applied";
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
