import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { childEnv } from "../helpers/child-env";
import { writeCaFile } from "../helpers/probe-harness";
import { createTestDatabaseUrl, TEST_ENGINE } from "../helpers/test-database-url";

const WORKER = fileURLToPath(new URL("../../scripts/worker.ts", import.meta.url));
// The worker runs in a directory of its own: load tsx from this checkout.
const TSX = createRequire(import.meta.url).resolve("tsx");
let api: FakeOpenAI;
let caFile: string;
const dirs: string[] = [];
const drops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  api = await startFakeOpenAI({ tls: (await testPki()).server, slowMs: 1500, apiKeys: ["sk-worker-test"] });
  caFile = await writeCaFile();
});

afterAll(async () => {
  await api?.close();
  for (const drop of drops) await drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A directory and a database of the test's own: a SQLite file the worker makes in data/, or a PostgreSQL database ("postgresql" project). */
async function workspace(yaml: string): Promise<{ dir: string; db: string }> {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-worker-"));
  dirs.push(dir);
  writeFileSync(join(dir, "proxypulse.yaml"), yaml);
  if (TEST_ENGINE === "sqlite") return { dir, db: `file:${join(dir, "data", "pp.db")}` };
  const database = await createTestDatabaseUrl(dir);
  drops.push(database.drop);
  return { dir, db: database.url };
}

function startWorker(dir: string, db: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const child = spawn(process.execPath, ["--import", pathToFileURL(TSX).href, WORKER], {
    cwd: dir,
    env: childEnv({ PATH: process.env.PATH, DATABASE_URL: db, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml") }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A count from the worker's database, read from outside it (a connection of this process's own). */
async function count(db: string, sql: string): Promise<number> {
  if (db.startsWith("file:")) {
    const handle = new Database(db.slice("file:".length), { readonly: true });
    try {
      return (handle.prepare(sql).get() as { n: number }).n;
    } finally {
      handle.close();
    }
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the worker process", () => {
  it("migrates, loads proxypulse.yaml, probes, and on SIGTERM stores the probe in flight before exiting", async () => {
    const { dir, db } = await workspace(`
intervalSeconds: 5
timeoutMs: 5000
targets:
  - name: slow
    baseUrl: ${api.baseUrl("slow")}
    apiKey: sk-worker-test
    caFile: ${caFile}
proxies:
  - name: direct
    url: direct
`);
    const worker = startWorker(dir, db);
    const before = api.hits("slow");
    await waitFor(() => api.hits("slow") > before, 10_000).catch((error: Error) => {
      throw new Error(`${error.message}; worker said:\n${worker.output()}`);
    });
    // The upstream now holds the request for 1.5 s: stop the worker mid-probe.
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/SIGTERM: stopping/);
    expect(await count(db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE "kindCode" = 0`)).toBe(1);

    // Data survives a restart, and probing goes on.
    const again = startWorker(dir, db);
    await waitFor(async () => (await count(db, `SELECT COUNT(*) AS n FROM "ProbeResult"`)) >= 2, 12_000);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
    expect(await count(db, `SELECT COUNT(*) AS n FROM "Route"`)).toBe(1);
  }, 40_000);

  it("refuses to start on an invalid configuration, naming the file, the place and the problem", async () => {
    const { dir, db } = await workspace(`
proxies:
  - name: ok
    url: direct
  - name: bad
    url: socks4://127.0.0.1:1080
`);
    const worker = startWorker(dir, db);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain(join(dir, "proxypulse.yaml"));
    expect(worker.output()).toMatch(/proxies\[1\]\.url: Invalid proxy "socks4:\/\/127\.0\.0\.1:1080"/);
  }, 20_000);
});
