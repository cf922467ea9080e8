// Storage at scale: 10 million raw results (1,000 routes probed every ~60 s
// for 7 days) plus their minute rollups (2 days) and hour rollups (30 days).
// Prints the bytes per raw result (the ProbeResult table and its indexes,
// from dbstat), the time of GET /api/routes and of a 30-day series (through
// the route handlers), the summary refresh, and the database size per million
// results. Targets: ≤ 100 B, p95 < 50 ms and < 100 ms. Asserts nothing.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as seriesApi from "../app/api/routes/[id]/series/route";
import * as routesApi from "../app/api/routes/route";
import { OUTCOME_KINDS, type OutcomeKind } from "../lib/classify/kinds";
import { migrateDatabase } from "../lib/db/migrate";
import { openSqlite } from "../lib/db/sqlite";
import { measureTableBytes } from "../lib/db/measure-table-bytes";
import { refreshRouteSummaries } from "../lib/db/store/sqlite/refresh-route-summaries";
import { addToBucket, bucketStart, bucketToRow, emptyBucket, HOUR_MS, MINUTE_MS, type RollupBucket } from "../lib/monitoring/rollup-bucket";
import { startMonitorService, type MonitorService } from "../lib/monitoring/monitor-service";
import { encodeResult, INSERT_RESULT_SQL } from "../lib/monitoring/probe-result-codec";

const ROUTES = Number(process.env.BENCH_ROUTES ?? 1000);
const RESULTS = Number(process.env.BENCH_RESULTS ?? 10_000_000);
const RAW_DAYS = 7;
const MINUTE_DAYS = 2;
const HOUR_DAYS = 30;
const TOKEN = "bench-admin-token-0123456789abcdef";

const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-storage-"));
const dbPath = join(dir, "bench.db");
migrateDatabase(dbPath);
const db = openSqlite(dbPath);
db.pragma("synchronous = OFF"); // generation only
const now = Date.now();

// Deterministic pseudo-random numbers, so runs are comparable.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
/** The numbers of one route's i-th raw result (mulberry32), the same in the rollup pass and the raw pass. */
function randomFor(routeId: number, i: number): () => number {
  let state = (routeId * 1_000_003 + i * 7919) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const FAILURES: OutcomeKind[] = ["timeout", "proxy_unreachable", "rate_limited", "connection_reset", "tls_error", "quota_exhausted"];

console.log(`Storage benchmark: ${ROUTES} routes, ${(RESULTS / 1e6).toFixed(1)} M raw results over ${RAW_DAYS} days…`);
const t0 = performance.now();
db.transaction(() => {
  const proxies = 10;
  const targets = Math.ceil(ROUTES / proxies);
  for (let p = 0; p < proxies; p++) db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`).run(`proxy-${p}`, now, now);
  for (let t = 0; t < targets; t++) {
    db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'https://api.example.test/v1', 'gpt-4o-mini', 'chat', 'api', ?, ?)`).run(`target-${t}`, now, now);
  }
  let made = 0;
  for (let p = 1; p <= proxies && made < ROUTES; p++) {
    for (let t = 1; t <= targets && made < ROUTES; t++, made++) {
      db.prepare(`INSERT INTO "Route" (proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (?, ?, 1, 'up', 5, 0, ?)`).run(p, t, now);
    }
  }
})();

const insertResult = db.prepare(INSERT_RESULT_SQL);
const insertRollup = (table: string) =>
  db.prepare(
    `INSERT OR REPLACE INTO "${table}" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist, dnsSumMs, connectSumMs, tunnelSumMs, tlsSumMs, ttfbSumMs)
     VALUES (@routeId, @bucket, @total, @okCount, @kindCounts, @latencySumMs, @latencyMinMs, @latencyMaxMs, @latencyHist, @dnsSumMs, @connectSumMs, @tunnelSumMs, @tlsSumMs, @ttfbSumMs)`,
  );
const putMinute = insertRollup("RollupMinute");
const putHour = insertRollup("RollupHour");

function sample(at: number, random: () => number) {
  const ok = random() > 0.03;
  const kind: OutcomeKind = ok ? "ok" : FAILURES[Math.floor(random() * FAILURES.length)]!;
  // Hundredths of a millisecond, as lib/probe/timings.ts measures them.
  const hundredths = (ms: number) => Math.round(ms * 100) / 100;
  const totalMs = ok ? hundredths(150 + Math.exp(random() * 6)) : 15_000;
  return { ok, kind, at, dnsMs: ok ? 1 : null, connectMs: ok ? hundredths(20 + random() * 30) : null, tunnelMs: null, tlsMs: ok ? hundredths(40 + random() * 40) : null, ttfbMs: ok ? hundredths(totalMs - 120) : null, totalMs };
}

const perRoute = Math.floor(RESULTS / ROUTES);
const rawSpan = RAW_DAYS * 86_400_000;
const step = rawSpan / perRoute;
const rawAt = (routeId: number, i: number) => Math.floor(now - rawSpan + i * step + (routeId % 60) * 1000);
const minuteSince = now - MINUTE_DAYS * 86_400_000;
const hourSince = bucketStart(now - HOUR_DAYS * 86_400_000, HOUR_MS);
// Rollups route by route (one route's buckets in memory at a time).
for (let routeId = 1; routeId <= ROUTES; routeId++) {
  const hours = new Map<number, RollupBucket>();
  const minutes = new Map<number, RollupBucket>();
  // Hour rollups older than the raw window, as 30 days of history would leave.
  for (let at = hourSince + (routeId % 60) * 1000; at < now - rawSpan; at += 60_000) {
    const result = sample(at, random);
    const key = bucketStart(at, HOUR_MS);
    hours.set(key, addToBucket(hours.get(key) ?? emptyBucket(), result));
  }
  for (let i = 0; i < perRoute; i++) {
    const at = rawAt(routeId, i);
    const result = sample(at, randomFor(routeId, i));
    const hour = bucketStart(at, HOUR_MS);
    hours.set(hour, addToBucket(hours.get(hour) ?? emptyBucket(), result));
    if (at >= minuteSince) {
      const minute = bucketStart(at, MINUTE_MS);
      minutes.set(minute, addToBucket(minutes.get(minute) ?? emptyBucket(), result));
    }
  }
  db.transaction(() => {
    for (const [bucket, value] of minutes) putMinute.run({ routeId, bucket, ...bucketToRow(value) });
    for (const [bucket, value] of hours) putHour.run({ routeId, bucket, ...bucketToRow(value) });
  })();
  if (routeId % 100 === 0) process.stdout.write(`  rollups: ${routeId}/${ROUTES} routes (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
}
console.log("");
// Raw results in time order, all routes interleaved, as the scheduler writes
// them: the (routeId, at) index then fills its pages the way it does in use
// (route by route would pack them tighter than any real database).
for (let i = 0; i < perRoute; i += 10) {
  db.transaction(() => {
    for (let j = i; j < Math.min(i + 10, perRoute); j++) {
      for (let routeId = 1; routeId <= ROUTES; routeId++) {
        const at = rawAt(routeId, j);
        const result = sample(at, randomFor(routeId, j));
        insertResult.run(
          encodeResult(routeId, {
            ...result,
            layer: OUTCOME_KINDS[result.kind].layer,
            httpStatus: result.ok ? 200 : null,
            message: result.ok ? "OK" : result.kind,
            timings: result,
            quota: { remainingRequests: 9000, remainingTokens: 190_000 },
          }),
        );
      }
    }
  })();
  if (i % 500 === 0) process.stdout.write(`  raw results: ${(i * ROUTES).toLocaleString("en")}/${(perRoute * ROUTES).toLocaleString("en")} (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
}
console.log("");
const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
const rawCount = count("ProbeResult");
console.log(`  generated ${rawCount.toLocaleString("en")} results, ${count("RollupMinute").toLocaleString("en")} minute and ${count("RollupHour").toLocaleString("en")} hour rollups in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const refreshStart = performance.now();
refreshRouteSummaries(db, now);
console.log(`  summary full recompute (all ${ROUTES} routes; the scheduler keeps them incrementally, see bench:summaries): ${(performance.now() - refreshStart).toFixed(0)} ms`);
db.pragma("wal_checkpoint(TRUNCATE)");
const measured = measureTableBytes(db, "ProbeResult");
const parts = Object.entries(measured.btrees).map(([name, bytes]) => `${name} ${(bytes / rawCount).toFixed(1)}`).join(", ");
console.log(`  bytes per raw result               ${(measured.total / rawCount).toFixed(1)} B (target ≤ 100 B; table and indexes from dbstat: ${parts})`);
db.close();

writeFileSync(join(dir, "proxypulse.yaml"), "targets: []\nproxies: []\n");
const service: MonitorService = await startMonitorService({
  environment: { ...process.env, DATABASE_URL: `file:${dbPath}`, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"), PROXYPULSE_ADMIN_TOKEN: TOKEN },
  runScheduler: false,
  cwd: dir,
});
(globalThis as { proxypulseMonitor?: Promise<MonitorService> }).proxypulseMonitor = Promise.resolve(service);

async function time(label: string, target: string, runs: number, request: () => Promise<Response>) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now();
    const response = await request();
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status} ${body.slice(0, 200)}`);
    if (i >= 5) times.push(performance.now() - start);
    bytes = body.length;
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(`  ${label.padEnd(34)} p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms  (target p95 < ${target}; ${(bytes / 1024).toFixed(0)} KB)`);
}

const headers = { authorization: `Bearer ${TOKEN}` };
await time(`GET /api/routes (${ROUTES} routes)`, "50 ms", 100, () => routesApi.GET(new Request("http://x/api/routes", { headers }), { params: Promise.resolve({}) }));
let routeId = 0;
await time("GET /api/routes/:id/series (30 d)", "100 ms", 100, () => {
  routeId = (routeId % ROUTES) + 1;
  const url = `http://x/api/routes/${routeId}/series?from=${now - 30 * 86_400_000}&to=${now}`;
  return seriesApi.GET(new Request(url, { headers }), { params: Promise.resolve({ id: String(routeId) }) });
});
await time("GET /api/routes/:id/series (24 h)", "100 ms", 100, () => {
  routeId = (routeId % ROUTES) + 1;
  const url = `http://x/api/routes/${routeId}/series?from=${now - 86_400_000}&to=${now}`;
  return seriesApi.GET(new Request(url, { headers }), { params: Promise.resolve({ id: String(routeId) }) });
});
await service.stop(1000);

const size = statSync(dbPath).size;
console.log(`  database size                      ${(size / 1024 / 1024).toFixed(0)} MB in all: ${(size / 1024 / 1024 / (rawCount / 1e6)).toFixed(0)} MB per million results (raw rows, indexes and rollups)`);
rmSync(dir, { recursive: true, force: true });
