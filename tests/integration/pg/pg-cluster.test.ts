import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";

/** The throw-away PostgreSQL cluster the PostgreSQL suites run against: up on loopback, fresh databases on demand, gone afterwards. */
let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);

afterAll(async () => cluster?.stop());

describe("a throw-away PostgreSQL cluster", () => {
  it("answers on loopback and makes fresh databases", async () => {
    const url = await cluster.createDatabase("pp_cluster_check");
    expect(url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/pp_cluster_check$/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; db: string }>("SELECT current_setting('server_version_num') AS version, current_database() AS db");
      expect(Number(rows[0]!.version)).toBeGreaterThanOrEqual(150000);
      expect(rows[0]!.db).toBe("pp_cluster_check");
      await client.query("CREATE TABLE t (id bigserial PRIMARY KEY, v text)");
      await client.query("INSERT INTO t (v) VALUES ($1), ($2)", ["a", "b"]);
      expect((await client.query("SELECT COUNT(*)::int AS n FROM t")).rows[0].n).toBe(2);
    } finally {
      await client.end();
    }
  });
});
