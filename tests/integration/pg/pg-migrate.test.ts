import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "@/lib/db/migrate-postgres";
import { diffPostgresToSchema } from "../../../scripts/db/diff-schema";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";
import { derivePostgresSchema, POSTGRES_SCHEMA } from "../../../scripts/db/postgres-schema";

/**
 * The PostgreSQL schema and its migrations (docs/design/postgresql.md): the
 * schema file is prisma/schema.prisma's twin, and a fresh database migrated
 * by our runner matches it exactly, as Prisma's own engine sees it.
 */
let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);

afterAll(async () => cluster?.stop());

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe("PostgreSQL schema and migrations", () => {
  it("prisma/postgresql/schema.prisma is derived from prisma/schema.prisma (run npm run db:schemas when this fails)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derivePostgresSchema());
  });

  it("a fresh database migrated by our runner diffs empty against the schema, and a second run applies nothing", { timeout: 60_000 }, async () => {
    const url = await cluster.createDatabase("pp_migrate");
    const first = await migratePostgres(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.alreadyApplied).toEqual([]);
    expect(await diffPostgresToSchema(url)).toBe("");
    const again = await migratePostgres(url);
    expect(again).toEqual({ applied: [], alreadyApplied: first.applied });
    expect(await tables(url)).toEqual(expect.arrayContaining(["ProbeResult", "Route", "Target", "_prisma_migrations"]));
  });

  it("several processes starting at once migrate once (Prisma's advisory lock)", { timeout: 60_000 }, async () => {
    const url = await cluster.createDatabase("pp_migrate_race");
    const reports = await Promise.all([migratePostgres(url), migratePostgres(url), migratePostgres(url)]);
    expect(reports.map((report) => report.applied.length).sort()).toEqual([0, 0, reports[0]!.applied.length + reports[1]!.applied.length + reports[2]!.applied.length]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0]!.n).toBe(reports.reduce((sum, report) => sum + report.applied.length, 0));
    } finally {
      await client.end();
    }
  });
});
