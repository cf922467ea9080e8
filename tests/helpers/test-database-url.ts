import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";

/** The engine this run's service tests use: the "postgresql" project sets it (vitest.config.ts). */
export const TEST_ENGINE = process.env.PROXYPULSE_TEST_ENGINE === "postgresql" ? "postgresql" : "sqlite";

/**
 * A database of the test's own on the run's engine: a SQLite file in `dir`,
 * or a new database in the project's PostgreSQL cluster; `drop` removes it.
 */
export async function createTestDatabaseUrl(dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (TEST_ENGINE === "sqlite") return { url: `file:${join(dir, "pp.db")}`, drop: async () => undefined };
  const admin = inject("pgAdminUrl");
  const name = `pp_${randomBytes(6).toString("hex")}`;
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE DATABASE ${name}`);
  return { url: admin.replace(/\/[^/]*$/, `/${name}`), drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
