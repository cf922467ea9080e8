import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgPool, inTransaction } from "@/lib/db/store/postgres/pg-pool";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";

/**
 * The store's transactions over a connection that dies in the middle (the
 * server restarted, a proxy cut it): the transaction fails with the
 * connection's error, and the pool's next transaction works on a new
 * connection instead of the dead one.
 */
let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);

afterAll(async () => cluster?.stop());

describe("a connection lost inside a transaction", () => {
  it("fails that transaction, and the next one runs on a new connection", async () => {
    const pool = createPgPool(await cluster.createDatabase("pp_pool_faults"), 1);
    try {
      const first = await inTransaction(pool, async (client) => (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
      // The server ends this very connection while its transaction is open.
      const lost = inTransaction(pool, async (client) => {
        await client.query("SELECT pg_terminate_backend(pg_backend_pid())");
        return "committed";
      });
      await expect(lost).rejects.toThrow();
      for (let i = 0; i < 3; i++) {
        const pid = await inTransaction(pool, async (client) => (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
        expect(pid).not.toBe(first);
      }
    } finally {
      await pool.end();
    }
  });
});
