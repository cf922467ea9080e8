import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPgPool } from "@/lib/db/store/postgres/pg-pool";
import { describeStorageError, isStorageError } from "@/lib/db/storage-health";
import type { MonitorService } from "@/lib/monitoring/monitor-service";
import { checkReadiness } from "@/lib/monitoring/readiness";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";
import { startTestService, type TestService } from "../../helpers/test-service";

/**
 * PostgreSQL failing under a running hub (a database made read-only, every
 * connection cut, the server unreachable) is a storage failure like SQLite's
 * full disk: results are held in memory and written once it works again,
 * /readyz names the cause; a statement's own error is not one.
 */
const DATABASE = "pp_storage_faults";
let cluster: PgCluster;
let url: string;
let admin: pg.Client;
let api: FakeOpenAI;
let test: TestService;
let service: MonitorService;

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase(DATABASE);
  admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  api = await startFakeOpenAI();
  test = await startTestService(
    `intervalSeconds: 3600\nprobeNowCooldownSeconds: 0\ntargets:\n  - name: main\n    baseUrl: ${api.baseUrl("ok")}\n    apiKey: ${api.apiKey}\n    model: gpt-4o-mini\nproxies:\n  - name: direct\n    url: direct\n`,
    { databaseUrl: url },
  );
  service = test.service;
}, 120_000);

afterAll(async () => {
  await test?.stop();
  await admin?.end();
  await api?.close();
  await cluster?.stop();
});

/** Sets the database read-only (or back) and cuts every connection to it, so the next ones open under the setting. */
async function setReadOnly(on: boolean): Promise<void> {
  await admin.query(`ALTER DATABASE ${DATABASE} SET default_transaction_read_only = ${on ? "on" : "off"}`);
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [DATABASE]);
}

/** Results in the database, counted on a connection of the test's own. */
async function storedResults(): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ProbeResult"`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe("PostgreSQL's errors", () => {
  it("are storage failures when the server or the way to it fails, and not when a statement is wrong", async () => {
    const pool = createPgPool(url, 1);
    const errorOf = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        return error;
      }
      throw new Error("expected an error");
    };
    try {
      const syntax = await errorOf(() => pool.query("SELEC 1"));
      expect(isStorageError(syntax)).toBe(false);
      const duplicate = await errorOf(() => pool.query(`INSERT INTO "Location" (id, name, kind, source, "createdAt", "updatedAt") VALUES (1, 'again', 'hub', 'file', now(), now())`));
      expect(isStorageError(duplicate)).toBe(false);

      const cut = await errorOf(() => pool.query("SELECT pg_terminate_backend(pg_backend_pid())"));
      expect(isStorageError(cut)).toBe(true);
      expect(describeStorageError(cut)).toMatch(/^PostgreSQL (57P01 \(the server ended the connection\)|connection lost \(Connection terminated unexpectedly\))$/);

      await setReadOnly(true);
      const readOnly = await errorOf(() => pool.query(`UPDATE "Location" SET "updatedAt" = now()`));
      expect(isStorageError(readOnly)).toBe(true);
      expect(describeStorageError(readOnly)).toBe("PostgreSQL 25006 (the database is read-only)");
      await setReadOnly(false);
    } finally {
      await pool.end();
    }
    // A port nobody listens on: the server cannot be reached.
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const unreachable = createPgPool(`postgresql://postgres@127.0.0.1:${closed}/x`, 1);
    try {
      const refused = await errorOf(() => unreachable.query("SELECT 1"));
      expect(isStorageError(refused)).toBe(true);
      expect(describeStorageError(refused)).toBe("ECONNREFUSED (the database server cannot be reached)");
    } finally {
      await unreachable.end();
    }
  });
});

describe("a hub on PostgreSQL whose database becomes read-only", () => {
  it("holds the results in memory, says why on /readyz, and writes every one once the database takes writes again", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const before = await storedResults();
      await setReadOnly(true);
      await service.probeNow();
      await service.probeNow();
      await service.writer.flush(true);
      expect(service.writer.heldCount).toBe(2);
      expect(await storedResults()).toBe(before);
      expect(await checkReadiness(service.health)).toMatchObject({
        status: "fail",
        checks: { storage: { ok: false, heldResults: 2, failing: expect.arrayContaining(["PostgreSQL 25006 (the database is read-only)"]) } },
      });

      await setReadOnly(false);
      await service.writer.flush(true);
      expect(service.writer.heldCount).toBe(0);
      expect(await storedResults()).toBe(before + 2);
      // Nothing of the URL (its password included) in what was logged.
      expect(errors.mock.calls.flat().join("\n")).not.toContain(url);
    } finally {
      errors.mockRestore();
    }
  });
});
