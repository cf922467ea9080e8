import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { migratePostgres } from "@/lib/db/migrate-postgres";
import { openSqlite } from "@/lib/db/sqlite";
import { createPgPool } from "@/lib/db/store/postgres/pg-pool";
import { recordResultsNow } from "@/lib/db/store/sqlite/sqlite-result-store";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";
import { refreshRouteSummaries } from "@/lib/db/store/sqlite/refresh-route-summaries";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";
import { childEnv } from "../../helpers/child-env";
import { makeResult } from "../../helpers/make-result";
import { createTempDatabase, type TempDatabase } from "../../helpers/temp-database";

/**
 * `npm run db:copy` as a person runs it: a real process copying a SQLite
 * history into a real PostgreSQL, killed with SIGKILL in the middle and run
 * again, then every table compared row by row.
 */
const SCRIPT = fileURLToPath(new URL("../../../scripts/db/copy.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);
let cluster: PgCluster;
let source: TempDatabase;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the copy; `killWhen` sends SIGKILL once stdout matches it. */
function runCopy(args: string[], killWhen?: RegExp, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    // tsx as a loader in this very process (its CLI would run the script in a child that a SIGKILL here does not reach).
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args], { cwd: ROOT, env: childEnv({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killWhen?.test(stdout)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  cluster = await startPgCluster();
  source = await createTempDatabase();
  const db = source.db;
  for (let i = 0; i < 3; i++) await db.target.create({ data: { name: `t${i}`, baseUrl: `https://api${i}.test/v1`, model: "m", apiKeySecret: `sealed-${i}` } });
  for (const name of ["direct", "clash"]) await db.proxy.create({ data: { name, url: name === "direct" ? "direct" : "http://127.0.0.1:7890", publicHost: name === "clash" } });
  const agent = await db.location.create({ data: { name: "hk-vps", kind: "agent", source: "api", tokenHash: "hash-1", online: true, lastSeenAt: new Date(T0) } });
  for (let targetId = 1; targetId <= 3; targetId++) {
    for (let proxyId = 1; proxyId <= 2; proxyId++) {
      await db.route.create({ data: { proxyId, targetId } });
      await db.route.create({ data: { proxyId, targetId, locationId: agent.id, assigned: proxyId === 1 } });
    }
  }
  await db.notificationChannel.create({ data: { name: "ops", type: "webhook", settingsSecret: "sealed-settings" } });
  await db.outboxMessage.create({ data: { channelId: 1, eventKey: "route:1:down", event: "down", payload: "{}", nextAttemptAt: new Date(T0), createdAt: new Date(T0) } });
  await db.setting.create({ data: { key: "alertRules", value: '{"downAfterFailures":4}' } });
  await db.maintenanceWindow.create({ data: { routes: "*", startsAt: new Date(T0), endsAt: new Date(T0 + 3_600_000), note: "upgrade" } });
  const sqlite = openSqlite(source.path);
  const kinds: OutcomeKind[] = ["ok", "ok", "timeout", "ok", "rate_limited", "ok", "region_blocked", "ok"];
  for (let batch = 0; batch < 10; batch++) {
    const items = Array.from({ length: 300 }, (_, i) => {
      const n = batch * 300 + i;
      const routeId = 1 + (n % 12);
      const kind = kinds[n % kinds.length]!;
      return { routeId, targetId: Math.ceil(((routeId - 1) % 6 + 1) / 2), result: makeResult(kind, T0 + n * 1_500, kind === "ok" ? 80 + (n % 300) + 0.25 : 15_000, { usage: kind === "ok" ? { promptTokens: 9, completionTokens: 1, totalTokens: null } : null }) };
    });
    recordResultsNow(sqlite, items, { downAfterFailures: 2, upAfterSuccesses: 2 }, T0 + 10_000_000);
  }
  refreshRouteSummaries(sqlite, T0 + 4_600_000);
  const state = sqlite.prepare(`INSERT INTO "AlertState" (key, lastSentAt, suppressed, level) VALUES (?, ?, ?, ?)`);
  for (let i = 0; i < 400; i++) state.run(`k${String(i).padStart(4, "0")}`, i % 3 ? T0 + i : null, i % 5, i % 2 ? "down" : null);
  sqlite.close();
}, 120_000);

afterAll(async () => {
  await source?.cleanup();
  await cluster?.stop();
});

/** Every table of a database in one comparable form: times in ms, booleans as 0/1, 64-bit numbers as numbers. */
async function everyRow(read: (sql: string) => Promise<Array<Record<string, unknown>>>, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await read(`SELECT * FROM "${table}"`);
    const normal = rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => [key, typeof value === "boolean" || typeof value === "bigint" ? Number(value) : value]))));
    out[table] = normal.sort();
  }
  return out;
}

describe("npm run db:copy", () => {
  it("copies every table, resumes after a SIGKILL without copying a row twice, checks the counts, and sets ids past the copied ones", { timeout: 180_000 }, async () => {
    const url = await cluster.createDatabase("pp_copy");
    await migratePostgres(url);
    // Holds the copy in the middle of a table: a row it is about to insert is held by this open transaction, so its batch waits there.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query(`INSERT INTO "AlertState" (key, suppressed) VALUES ('k0200', 0)`);
    const killed = await runCopy(["--from", source.url, "--to", url, "--batch-size", "50"], /AlertState: 200 rows/);
    await blocker.query("ROLLBACK");
    await blocker.end();
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stdout).not.toContain("AlertState: 250 rows");
    const resumed = await runCopy(["--from", source.url, "--to", url, "--batch-size", "50"]);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("AlertState: resuming after 200 rows");
    expect(resumed.stdout).toContain("every table's row count matches");
    expect(resumed.stdout).toContain("secret key");

    const pool = createPgPool(url, 1);
    const sqlite = openSqlite(source.path, { readonly: true });
    try {
      const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name <> 'SchedulerLease'`).pluck().all() as string[]).sort();
      expect(tables).toEqual(expect.arrayContaining(["ProbeResult", "RollupHour", "RouteSummary", "OutboxMessage", "Location", "TargetTokenDay"]));
      const fromSqlite = await everyRow(async (sql) => sqlite.prepare(sql).all() as Array<Record<string, unknown>>, tables);
      const fromPostgres = await everyRow(async (sql) => (await pool.query(sql)).rows, tables);
      expect(fromSqlite.ProbeResult).toHaveLength(3000);
      for (const table of tables) expect({ table, rows: fromPostgres[table] }).toEqual({ table, rows: fromSqlite[table] });
    } finally {
      sqlite.close();
      await pool.end();
    }
    // A finished copy run again finds every table done.
    const done = await runCopy(["--from", source.url, "--to", url]);
    expect(done.code).toBe(0);
    expect(done.stdout).not.toMatch(/rows\n/);
    // New rows are numbered after the copied ones.
    const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    try {
      const route = await prisma.route.create({ data: { proxyId: 2, targetId: 3, locationId: 1, intervalSeconds: 30, enabled: false } }).catch((error: unknown) => error);
      expect(route).toBeInstanceOf(Error); // (proxyId, targetId, locationId) exists: the copied rows hold
      const target = await prisma.target.create({ data: { name: "new", baseUrl: "https://new.test/v1", model: "m" } });
      expect(target.id).toBe(4);
    } finally {
      await prisma.$disconnect();
    }
    // Run again once the target has a life of its own: the counts no longer match, and it says so.
    const again = await runCopy(["--from", source.url, "--to", url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("row counts differ after the copy");
    expect(again.stderr).toContain("Target: 3 in SQLite, 4 in PostgreSQL");
  });

  it("takes its target from DATABASE_URL (no password in the process list), and refuses a target holding data it did not copy", { timeout: 60_000 }, async () => {
    const url = await cluster.createDatabase("pp_copy_used");
    const first = await runCopy(["--from", source.url], undefined, { DATABASE_URL: url });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("every table's row count matches");
    const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    await prisma.$executeRawUnsafe(`DROP TABLE "_proxypulse_copy"`);
    await prisma.$disconnect();
    const refused = await runCopy(["--from", source.url, "--to", url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data \(table \w+\) that this copy did not write/);
  });

  it("refuses another application's database before writing anything into it", { timeout: 60_000 }, async () => {
    const url = await cluster.createDatabase("pp_copy_foreign");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE customers (name text)`);
      const refused = await runCopy(["--from", source.url], undefined, { DATABASE_URL: url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("holds tables that are not ProxyPulse's (customers)");
      const { rows } = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(rows.map((row) => row.name)).toEqual(["customers"]);
    } finally {
      await client.end();
    }
  });

  it.each([
    { name: "no target (neither --to nor DATABASE_URL)", args: () => ["--from", source.url], error: /--from is required, and the target: DATABASE_URL or --to/ },
    { name: "a --to that is not PostgreSQL", args: () => ["--from", source.url, "--to", "file:./x.db"], error: /--to must be a postgresql:\/\/ URL/ },
    { name: "a --from that is not a file URL", args: () => ["--from", "postgresql://a/b", "--to", "postgresql://127.0.0.1/x"], error: /--from must be a SQLite file URL/ },
    { name: "a missing SQLite file", args: () => ["--from", "file:/nonexistent/pp.db", "--to", "postgresql://127.0.0.1/x"], error: /\/nonexistent\/pp\.db does not exist/ },
    { name: "a bad batch size", args: () => ["--from", source.url, "--to", "postgresql://127.0.0.1/x", "--batch-size", "0"], error: /--batch-size must be a whole number/ },
    { name: "an unknown option", args: () => ["--from", source.url, "--to", "postgresql://127.0.0.1/x", "--force"], error: /Unknown option '--force'/ },
    {
      name: "a server that refuses the connection, its password masked",
      args: () => ["--from", source.url, "--to", "postgresql://pp:hunter2-secret@127.0.0.1:9/pp"],
      error: /ECONNREFUSED|connect/,
    },
  ])("exits 1 with a clear message on $name", { timeout: 60_000 }, async ({ args, error }) => {
    const run = await runCopy(args());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^db:copy: /);
    expect(run.stderr).toMatch(error);
    expect(run.stderr + run.stdout).not.toContain("hunter2");
  });
});
