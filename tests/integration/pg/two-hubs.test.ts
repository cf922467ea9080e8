import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";
import { childEnv } from "../../helpers/child-env";

/**
 * Two hub processes (`npm run worker`, real processes) on one PostgreSQL
 * share the probing by shard leases: every route is probed by one of them
 * at its interval, never by both, and when one is killed with SIGKILL the
 * other takes its routes over and probes each again within one interval.
 * Who probed what is read at the upstream: every target has a key of its own.
 */
const WORKER = fileURLToPath(new URL("../../../scripts/worker.ts", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx");
const INTERVAL_MS = 5000;
// Enough routes that both processes' shares (64 shards, routeId % 64) hold some.
const ROUTES = 80;
const keyOf = (index: number) => `sk-two-hubs-${String(index).padStart(3, "0")}`;

interface Hub {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let cluster: PgCluster;
let databaseUrl: string;
let api: FakeOpenAI;
let dir: string;
const hubs: Hub[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  databaseUrl = await cluster.createDatabase("pp_two_hubs");
  api = await startFakeOpenAI({ apiKeys: Array.from({ length: ROUTES }, (_, index) => keyOf(index)) });
  dir = mkdtempSync(join(tmpdir(), "proxypulse-two-hubs-"));
  const targets = Array.from(
    { length: ROUTES },
    (_, index) => `  - name: t${index}\n    baseUrl: ${api.baseUrl("ok")}\n    apiKey: ${keyOf(index)}\n    model: gpt-4o-mini\n    probe: models`,
  ).join("\n");
  writeFileSync(join(dir, "proxypulse.yaml"), `intervalSeconds: ${INTERVAL_MS / 1000}\ntimeoutMs: 3000\ntargets:\n${targets}\nproxies:\n  - name: direct\n    url: direct\n`);
}, 120_000);

afterAll(async () => {
  for (const hub of hubs) hub.child.kill("SIGKILL");
  await Promise.all(hubs.map((hub) => hub.exited));
  await api?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startHub(): Hub {
  let output = "";
  const child = spawn(process.execPath, ["--import", pathToFileURL(TSX).href, WORKER], {
    cwd: dir,
    env: childEnv({
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"),
      PROXYPULSE_DATA_DIR: join(dir, "data"),
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const hub = { child, output: () => output, exited: new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))) };
  hubs.push(hub);
  return hub;
}

async function waitFor(check: () => boolean, ms: number, what: string, hub?: Hub): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${hub ? `; its output:\n${hub.output()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every probe the upstream received, by target key, in order of arrival. */
function probesByKey(): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  api.authorizations.forEach((authorization, index) => {
    const key = authorization.replace(/^Bearer /, "");
    byKey.set(key, [...(byKey.get(key) ?? []), api.requestTimes[index]!]);
  });
  return byKey;
}

describe("two hub processes on one PostgreSQL", () => {
  it("share the routes without a probe doubled, and when one is killed with SIGKILL the other probes its routes again within one interval", { timeout: 120_000 }, async () => {
    const first = startHub();
    await waitFor(() => /it probes every route/.test(first.output()), 60_000, "the first hub to probe every route", first);
    const second = startHub();
    await waitFor(() => /worker started/.test(second.output()), 60_000, "the second hub's start", second);
    // Shares even out within a few renewals (a third of the lease's 2.5 s each).
    await waitFor(() => /for 32 of 64 shards/.test(second.output()) && /for 32 of 64 shards/.test(first.output()), 20_000, "the shares to even out", second);
    // Both probe for an interval, each its own routes.
    const sharedFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS + 500));
    for (let index = 0; index < ROUTES; index++) {
      expect(probesByKey().get(keyOf(index))?.some((at) => at >= sharedFrom), `t${index} probed while shared`).toBe(true);
    }

    first.child.kill("SIGKILL");
    const killedAt = Date.now();
    await first.exited;
    await waitFor(() => /it probes every route/.test(second.output().slice(second.output().lastIndexOf("for 32 of 64 shards"))), 20_000, "the survivor to take every shard", second);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 2 * INTERVAL_MS - Date.now())));

    const byKey = probesByKey();
    for (let index = 0; index < ROUTES; index++) {
      const times = byKey.get(keyOf(index)) ?? [];
      // Taken over: probed again within about one interval of the kill (the lease's expiry, then half an
      // interval after it: a probe the dead hub made just before may never have been stored), with slack for a loaded machine.
      const firstAfterKill = times.find((at) => at > killedAt);
      expect(firstAfterKill, `t${index} probed after the kill`).toBeDefined();
      expect(firstAfterKill! - killedAt, `t${index} first probe after the kill`).toBeLessThan(INTERVAL_MS + 1500);
      // Never doubled: no two probes of a route within half an interval, before, during or after the handovers.
      const gaps = times.slice(1).map((at, i) => at - times[i]!);
      expect(Math.min(...gaps), `t${index}'s shortest gap between probes`).toBeGreaterThan(INTERVAL_MS / 2);
    }
    // The survivor stored what it probed: every route has results after the kill.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ routes: string }>(`SELECT count(DISTINCT "routeId") AS routes FROM "ProbeResult" WHERE at > $1`, [new Date(killedAt).toISOString().replace("Z", "")]);
      expect(Number(rows[0]!.routes)).toBe(ROUTES);
    } finally {
      await client.end();
    }
    expect(second.output()).not.toMatch(/probe of route .* failed to run|unexpected error/);
  });
});
