// The scheduler under load: 10,000 routes on a 60 s interval, probing a fake
// OpenAI upstream over TLS (in its own process, half the routes through an
// HTTP CONNECT proxy), on SQLite or on PostgreSQL (a throw-away cluster,
// DATABASE_URL=postgresql://… as the product takes it). Prints start-time
// drift p50/p99, CPU (cores; on PostgreSQL the server's too) and RSS.
// Targets: drift p99 < 1 s, at most one core, RSS < 500 MB. Asserts nothing.
//   npm run bench:scheduler -- --engine postgresql --routes 5000
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pg from "pg";
import { kindFromCode } from "../lib/classify/kind-codes";
import { startMonitorService } from "../lib/monitoring/monitor-service";
import { startFixturesProcess } from "../tests/fixtures/fixtures-process";
import { startBenchPgCluster } from "./bench-pg-cluster";

const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    // Routes are targets × proxies: up to 200 targets, as many proxies as it takes.
    routes: { type: "string", default: "10000" },
    seconds: { type: "string", default: process.env.BENCH_SCHEDULER_SECONDS ?? "150" },
    // proxypulse.yaml's concurrency: probes at once (a slot is free once its exchange is over; the result is stored after).
    concurrency: { type: "string", default: "50" },
  },
});
if (values.engine !== "sqlite" && values.engine !== "postgresql") throw new Error(`--engine must be sqlite or postgresql (not ${values.engine})`);
const ENGINE = values.engine;
const ROUTES = Number(values.routes);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
if (!(ROUTES > 0 && SECONDS > 0 && CONCURRENCY > 0)) throw new Error("--routes, --seconds and --concurrency must be positive numbers");
const TARGETS = Math.min(200, ROUTES);
const PROXIES = Math.ceil(ROUTES / TARGETS);
const INTERVAL_SECONDS = 60;

// The heap at the RSS peak includes garbage not yet collected; a full GC at the end shows what is retained.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const cluster = ENGINE === "postgresql" ? await startBenchPgCluster() : null;
const fixtures = await startFixturesProcess();
const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-scheduler-"));
const databaseUrl = cluster ? await cluster.createDatabase("bench_scheduler") : `file:${join(dir, "bench.db")}`;
const proxies = Array.from({ length: PROXIES }, (_, i) => `  - name: proxy-${i}\n    url: ${i % 2 ? fixtures.http : "direct"}`);
const targets = Array.from(
  { length: TARGETS },
  (_, i) => `  - name: target-${i}\n    baseUrl: ${fixtures.apiOrigin}/ok/v1\n    apiKey: ${fixtures.apiKey}\n    probe: ${i % 2 ? "models" : "chat"}\n    caFile: ${fixtures.caFile}`,
);
writeFileSync(join(dir, "proxypulse.yaml"), `intervalSeconds: ${INTERVAL_SECONDS}\ntimeoutMs: 10000\nconcurrency: ${CONCURRENCY}\ntargets:\n${targets.join("\n")}\nproxies:\n${proxies.join("\n")}\n`);

const drifts: number[] = [];
let rssMax = 0;
let heapAtMax = 0;
let heapTotalAtMax = 0;
let externalAtMax = 0;
let rssMaxAtMs = 0;
const cpuStart = process.cpuUsage();
const serverCpuStart = cluster?.serverCpuSeconds() ?? 0;
const wallStart = performance.now();
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  if (usage.rss > rssMax) {
    rssMax = usage.rss;
    heapAtMax = usage.heapUsed;
    heapTotalAtMax = usage.heapTotal;
    externalAtMax = usage.external;
    rssMaxAtMs = performance.now() - wallStart;
  }
}, 500);

const service = await startMonitorService({
  environment: { ...process.env, DATABASE_URL: databaseUrl, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"), PROXYPULSE_DATA_DIR: dir },
  runScheduler: true,
  cwd: dir,
  onProbeStart: (_routeId, drift) => drifts.push(drift),
});
const routes = service.catalog.list().length;
console.log(`Scheduler benchmark: ${routes} routes every ${INTERVAL_SECONDS} s over TLS (half through an HTTP CONNECT proxy), ${CONCURRENCY} at once, ${SECONDS} s, on ${cluster ? "PostgreSQL" : "SQLite"} (load ${loadavg()[0]!.toFixed(1)})…`);
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
const cpu = process.cpuUsage(cpuStart);
const serverCpuSeconds = cluster ? cluster.serverCpuSeconds() - serverCpuStart : null;
const wallMs = performance.now() - wallStart;
clearInterval(sampler);
gc();
gc();
if (process.env.BENCH_HEAP_SNAPSHOT) (await import("node:v8")).writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
const retained = process.memoryUsage();
await service.stop(10_000);
const stored = (await countStoredKinds()).map(({ kindCode, n }) => ({ kind: kindFromCode(kindCode), n }));
const loadAtEnd = loadavg()[0]!;
await fixtures.stop();
await cluster?.stop();
rmSync(dir, { recursive: true, force: true });

const sorted = [...drifts].sort((a, b) => a - b);
const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const cores = (cpu.user + cpu.system) / 1000 / wallMs;
console.log(`  probes started        ${drifts.length} (expected about ${Math.round((routes * SECONDS) / INTERVAL_SECONDS)})`);
console.log(`  results stored        ${stored.map((row) => `${row.kind} ${row.n}`).join(", ")}`);
console.log(`  start drift p50       ${pct(0.5).toFixed(1)} ms`);
console.log(`  start drift p99       ${pct(0.99).toFixed(1)} ms   (target < 1000 ms)`);
console.log(`  start drift max       ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`);
console.log(`  CPU                   ${cores.toFixed(2)} cores   (target ≤ 1; this process only, the fake upstream and proxy run apart)`);
if (serverCpuSeconds !== null) console.log(`  PostgreSQL's server   ${((serverCpuSeconds * 1000) / wallMs).toFixed(2)} cores   (all its processes, beside this one's)`);
console.log(`  heap after full GC    ${(retained.heapUsed / 1024 / 1024).toFixed(0)} MB   (of ${(retained.heapTotal / 1024 / 1024).toFixed(0)} MB; RSS then ${(retained.rss / 1024 / 1024).toFixed(0)} MB, external ${(retained.external / 1024 / 1024).toFixed(0)} MB)`);
console.log(`  RSS max               ${(rssMax / 1024 / 1024).toFixed(0)} MB   (target < 500 MB; reached ${(rssMaxAtMs / 1000).toFixed(0)} s after the service started to start; V8 heap then ${(heapAtMax / 1024 / 1024).toFixed(0)} MB used of ${(heapTotalAtMax / 1024 / 1024).toFixed(0)} MB, external ${(externalAtMax / 1024 / 1024).toFixed(0)} MB)`);
console.log(`  load average          ${loadAtEnd.toFixed(1)} at the end (1 min)`);

/** Stored results by kind, read from the engine the service wrote to. */
async function countStoredKinds(): Promise<Array<{ kindCode: number; n: number }>> {
  const sql = `SELECT "kindCode", COUNT(*) AS n FROM "ProbeResult" GROUP BY "kindCode"`;
  if (!cluster) {
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(join(dir, "bench.db"), { readonly: true });
    try {
      return db.prepare(sql).all() as Array<{ kindCode: number; n: number }>;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ kindCode: number; n: string }>(sql)).rows.map((row) => ({ kindCode: row.kindCode, n: Number(row.n) }));
  } finally {
    await client.end();
  }
}
