// The scheduler under load: 10,000 routes on a 60 s interval, probing a fake
// OpenAI upstream over TLS (in its own process, half the routes through an
// HTTP CONNECT proxy). Prints start-time drift p50/p99, CPU (cores) and RSS.
// Targets: drift p99 < 1 s, at most one core, RSS < 500 MB. Asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { kindFromCode } from "../lib/classify/kind-codes";
import { startMonitorService } from "../lib/monitoring/monitor-service";
import { startFixturesProcess } from "../tests/fixtures/fixtures-process";

const PROXIES = Number(process.env.BENCH_PROXIES ?? 50);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 200);
const SECONDS = Number(process.env.BENCH_SCHEDULER_SECONDS ?? 150);
const INTERVAL_SECONDS = 60;

// The heap at the RSS peak includes garbage not yet collected; a full GC at the end shows what is retained.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const fixtures = await startFixturesProcess();
const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-scheduler-"));
const proxies = Array.from({ length: PROXIES }, (_, i) => `  - name: proxy-${i}\n    url: ${i % 2 ? fixtures.http : "direct"}`);
const targets = Array.from(
  { length: TARGETS },
  (_, i) => `  - name: target-${i}\n    baseUrl: ${fixtures.apiOrigin}/ok/v1\n    apiKey: ${fixtures.apiKey}\n    probe: ${i % 2 ? "models" : "chat"}\n    caFile: ${fixtures.caFile}`,
);
writeFileSync(join(dir, "proxypulse.yaml"), `intervalSeconds: ${INTERVAL_SECONDS}\ntimeoutMs: 10000\nconcurrency: 50\ntargets:\n${targets.join("\n")}\nproxies:\n${proxies.join("\n")}\n`);

const drifts: number[] = [];
let rssMax = 0;
let heapAtMax = 0;
let heapTotalAtMax = 0;
let externalAtMax = 0;
let rssMaxAtMs = 0;
const cpuStart = process.cpuUsage();
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
  environment: { ...process.env, DATABASE_URL: `file:${join(dir, "bench.db")}`, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml") },
  runScheduler: true,
  cwd: dir,
  onProbeStart: (_routeId, drift) => drifts.push(drift),
});
const routes = service.catalog.list().length;
console.log(`Scheduler benchmark: ${routes} routes every ${INTERVAL_SECONDS} s over TLS (half through an HTTP CONNECT proxy), ${SECONDS} s…`);
await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
const cpu = process.cpuUsage(cpuStart);
const wallMs = performance.now() - wallStart;
clearInterval(sampler);
gc();
gc();
if (process.env.BENCH_HEAP_SNAPSHOT) (await import("node:v8")).writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
const retained = process.memoryUsage();
await service.stop(10_000);
const Database = (await import("better-sqlite3")).default;
const db = new Database(join(dir, "bench.db"), { readonly: true });
const stored = (db.prepare(`SELECT kindCode, COUNT(*) AS n FROM "ProbeResult" GROUP BY kindCode`).all() as Array<{ kindCode: number; n: number }>).map(({ kindCode, n }) => ({ kind: kindFromCode(kindCode), n }));
db.close();
await fixtures.stop();
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
console.log(`  heap after full GC    ${(retained.heapUsed / 1024 / 1024).toFixed(0)} MB   (of ${(retained.heapTotal / 1024 / 1024).toFixed(0)} MB; RSS then ${(retained.rss / 1024 / 1024).toFixed(0)} MB, external ${(retained.external / 1024 / 1024).toFixed(0)} MB)`);
console.log(`  RSS max               ${(rssMax / 1024 / 1024).toFixed(0)} MB   (target < 500 MB; reached ${(rssMaxAtMs / 1000).toFixed(0)} s after the service started to start; V8 heap then ${(heapAtMax / 1024 / 1024).toFixed(0)} MB used of ${(heapTotalAtMax / 1024 / 1024).toFixed(0)} MB, external ${(externalAtMax / 1024 / 1024).toFixed(0)} MB)`);
