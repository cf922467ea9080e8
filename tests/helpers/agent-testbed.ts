import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect } from "vitest";
import { hashAgentToken, newAgentToken } from "../../lib/locations/agent-token";
import { childEnv } from "./child-env";
import { ADMIN_TOKEN } from "./test-service";

const HUB_SCRIPT = fileURLToPath(new URL("../fixtures/serve-hub.ts", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/proxypulse.js", import.meta.url));
// From the checkout, so tsx finds tsconfig.json (its "@/" paths); the data lives in the workspace.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the output matches (rejects after `ms`). */
  waitForOutput(pattern: RegExp, ms?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

function track(child: ChildProcess): Proc {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: (pattern, ms = 20_000) => waitFor(() => pattern.test(output), ms, `output matching ${pattern}; got:\n${output}`),
    kill: (signal = "SIGKILL") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitFor(check: () => boolean, ms: number, what = "a condition"): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface HubWorkspace {
  dir: string;
  db: string;
  config: string;
  remove(): void;
}

export function hubWorkspace(yaml: string): HubWorkspace {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-hub-"));
  const config = join(dir, "proxypulse.yaml");
  writeFileSync(config, yaml);
  return { dir, db: join(dir, "data", "pp.db"), config, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A hub's proxypulse.yaml with one target (a `models` probe, free) and `routes`
 * direct proxies, every route probed every 5 s: as many routes as a test
 * needs, all alike.
 */
export function directRoutesYaml(options: { baseUrl: string; apiKey: string; routes: number; timeoutMs?: number; concurrency?: number }): string {
  const proxies = Array.from({ length: options.routes }, (_, i) => `  - name: direct-${i}\n    url: direct\n`).join("");
  return `intervalSeconds: 5
timeoutMs: ${options.timeoutMs ?? 3000}
${options.concurrency ? `concurrency: ${options.concurrency}\n` : ""}targets:
  - name: main
    baseUrl: ${options.baseUrl}
    apiKey: ${options.apiKey}
    probe: models
proxies:
${proxies}`;
}

export interface Hub extends Proc {
  url: string;
  port: number;
}

export interface HubOptions {
  /** 0 (default): any free one. */
  port?: number;
  offlineAfterMs?: number;
  /** The hub probes its own rows too (location 1), as a real hub does. */
  scheduler?: boolean;
  /** More variables for the hub's process (e.g. its HTTPS_PROXY, which its `env` routes resolve). */
  env?: Record<string, string>;
  /** Flags for node itself (e.g. SAMPLE_HEAP). */
  nodeArgs?: string[];
}

/** Node flags that let a test sample a process's heap after GC (sampleHeap). */
export const SAMPLE_HEAP = ["--expose-gc", "--import", fileURLToPath(new URL("../fixtures/heap-on-signal.mjs", import.meta.url))];

/** The heap a process started with SAMPLE_HEAP holds after full GCs. */
export async function sampleHeap(proc: Proc): Promise<number> {
  const count = () => proc.output().match(/\[heap\] \d+/g)?.length ?? 0;
  const before = count();
  proc.child.kill("SIGUSR2");
  await waitFor(() => count() > before, 10_000, "a heap sample");
  return Number(/\[heap\] (\d+)/.exec(proc.output().match(/\[heap\] \d+/g)!.at(-1)!)![1]);
}

/** A hub process (tests/fixtures/serve-hub.ts) on loopback. */
export async function startHub(ws: HubWorkspace, options: HubOptions = {}): Promise<Hub> {
  const args = [HUB_SCRIPT, String(options.port ?? 0), String(options.offlineAfterMs ?? 60_000), ...(options.scheduler ? ["scheduler"] : [])];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", ...args], {
    cwd: ROOT,
    env: childEnv({ PATH: process.env.PATH, DATABASE_URL: `file:${ws.db}`, PROXYPULSE_CONFIG: ws.config, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const proc = track(child);
  await proc.waitForOutput(/\{"url":"http:\/\/127\.0\.0\.1:\d+"\}/, 30_000);
  const url = (JSON.parse(/\{"url":"[^"]+"\}/.exec(proc.output())![0]) as { url: string }).url;
  return { ...proc, url, port: Number(new URL(url).port) };
}

export interface AgentLocationRows {
  id: number;
  token: string;
  routeIds: number[];
}

/**
 * An agent location made directly in the hub's database (as the Locations
 * page would): its token's hash, and a row at the location, assigned, for
 * every proxy × target pair the hub has (probed every `intervalSeconds`).
 */
export function addAgentLocation(dbPath: string, name: string, options: { intervalSeconds?: number } = {}): AgentLocationRows {
  const token = newAgentToken();
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 10000");
    const now = Date.now();
    const id = Number(
      db.prepare(`INSERT INTO "Location" (name, kind, source, tokenHash, tokenCreatedAt, createdAt, updatedAt) VALUES (?, 'agent', 'api', ?, ?, ?, ?)`).run(name, hashAgentToken(token), now, now, now).lastInsertRowid,
    );
    const pairs = db.prepare(`SELECT proxyId, targetId FROM "Route" WHERE locationId = 1 ORDER BY id`).all() as Array<{ proxyId: number; targetId: number }>;
    const insert = db.prepare(`INSERT INTO "Route" (proxyId, targetId, locationId, assigned, intervalSeconds, createdAt) VALUES (?, ?, ?, 1, ?, ?)`);
    const routeIds = pairs.map((pair) => Number(insert.run(pair.proxyId, pair.targetId, id, options.intervalSeconds ?? null, now).lastInsertRowid));
    return { id, token, routeIds };
  } finally {
    db.close();
  }
}

/** Runs SQL against a database file (a short-lived connection, as another process would). */
export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 10000");
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function run(dbPath: string, sql: string, ...params: unknown[]): void {
  const db = new Database(dbPath);
  try {
    db.pragma("busy_timeout = 10000");
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** What an agent's spool holds: its waiting rows and the highest sequence number it ever gave. */
export function readSpool(dataDir: string): { seqs: number[]; lastGiven: number } {
  const file = join(dataDir, "agent-spool.db");
  if (!existsSync(file)) return { seqs: [], lastGiven: 0 };
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 10000");
    // One read transaction: a running agent may add a row between the two reads.
    return db.transaction(() => {
      const seqs = db.prepare(`SELECT seq FROM spool ORDER BY seq`).pluck().all() as number[];
      const lastGiven = (db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'spool'`).pluck().get() as number | undefined) ?? 0;
      return { seqs, lastGiven };
    })();
  } finally {
    db.close();
  }
}

/**
 * What the hub holds for one agent location, read in one statement: the
 * highest sequence number it stored (lastSeq) and how many results it has.
 */
export function hubStream(dbPath: string, locationId: number): { lastSeq: number; stored: number } {
  return query<{ lastSeq: number; stored: number }>(
    dbPath,
    `SELECT COALESCE((SELECT lastSeq FROM "AgentStream" WHERE locationId = @locationId), 0) AS lastSeq,
            (SELECT COUNT(*) FROM "ProbeResult" WHERE routeId IN (SELECT id FROM "Route" WHERE locationId = @locationId)) AS stored`,
    { locationId },
  )[0]!;
}

/**
 * No loss and no duplicate: every sequence number the spool ever gave is
 * stored on the hub exactly once (all of 1..lastSeq) or still waits in the
 * spool. The spool is read first, then the hub: while the agent runs, a batch
 * the hub has stored can still be in the spool until the agent hears the
 * answer, so only a stopped agent must hold nothing at or below lastSeq.
 */
export function expectExactlyOnce(dbPath: string, locationId: number, dataDir: string, agent: "stopped" | "running"): void {
  const spool = readSpool(dataDir);
  const { lastSeq, stored } = hubStream(dbPath, locationId);
  expect(stored).toBe(lastSeq);
  const waiting = new Set(spool.seqs);
  const lost = Array.from({ length: spool.lastGiven }, (_, index) => index + 1).filter((seq) => seq > lastSeq && !waiting.has(seq));
  expect(lost).toEqual([]);
  if (agent === "stopped") {
    expect(spool.seqs.filter((seq) => seq <= lastSeq)).toEqual([]);
    expect(lastSeq + spool.seqs.length).toBe(spool.lastGiven);
  }
}

/** `proxypulse agent` as a real child process of the bin, with exactly these variables. */
export function startAgent(args: string[], env: Record<string, string | undefined> = {}, nodeArgs: string[] = [], limits: { fileSizeBlocks?: number } = {}): Proc {
  const argv = [...nodeArgs, BIN, "agent", ...args];
  // Under a file size limit (ulimit -f, in 512-byte blocks): writes past it fail, as on a full disk.
  const [program, programArgs] =
    limits.fileSizeBlocks === undefined ? [process.execPath, argv] : ["bash", ["-c", `ulimit -f ${limits.fileSizeBlocks}; exec "$0" "$@"`, process.execPath, ...argv]];
  const child = spawn(program, programArgs, {
    env: childEnv({ PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return track(child);
}
