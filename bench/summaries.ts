// Route summaries at scale: 10,000 routes with 7 days of hour rollups and
// 2 hours of minute rollups, then several simulated minutes of every route
// probed every 60 s (results stored in batches as the result writer does,
// every 200 ms), across an hour boundary. Prints the summary work of each
// minute, counted whole: the per-write part (adding each batch's results)
// and the periodic part (rebuilding stale routes, reading ahead, sliding,
// comparing the changed figures with their rows, writing those that moved
// materially and the periodic sweep's share), against the target ≤ 50 ms
// per minute, with the rows written per minute, and the old full-recompute
// path on the same data for comparison. Asserts nothing; the load average
// is printed with the figures (shared machines).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { OutcomeKind } from "../lib/classify/kinds";
import { migrateDatabase } from "../lib/db/migrate";
import { openSqlite } from "../lib/db/sqlite";
import { IncrementalRouteSummaries } from "../lib/db/store/sqlite/incremental-route-summaries";
import type { ResultToRecord } from "../lib/db/store/result-store";
import { recordResultsNow } from "../lib/db/store/sqlite/sqlite-result-store";
import { refreshRouteSummaries } from "../lib/db/store/sqlite/refresh-route-summaries";
import { addToBucket, bucketStart, bucketToRow, emptyBucket, HOUR_MS, MINUTE_MS, type RollupBucket } from "../lib/monitoring/rollup-bucket";
import { makeResult } from "../tests/helpers/make-result";

const ROUTES = Number(process.env.BENCH_ROUTES ?? 10_000);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 6);
const ALONE_MINUTES = 3;
const INTERVAL_MS = 60_000;
const FLUSH_MS = 200; // the result writer's batching
const TICK_MS = 10_000; // the service's summaries timer
const TARGET_MS = 50;

const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");
const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-summaries-"));
const dbPath = join(dir, "bench.db");
migrateDatabase(dbPath);
const db = openSqlite(dbPath);

// Deterministic pseudo-random numbers, so runs are comparable.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
const FAILURES: OutcomeKind[] = ["timeout", "proxy_unreachable", "rate_limited", "connection_reset"];
const sample = () => {
  const ok = random() > 0.03;
  return { ok, kind: ok ? ("ok" as const) : FAILURES[Math.floor(random() * FAILURES.length)]!, totalMs: ok ? 150 + Math.exp(random() * 7.5) : 15_000 };
};

// Three minutes before an hour boundary, so the simulated minutes cross one.
const start = bucketStart(Date.now(), HOUR_MS) - HOUR_MS + 57 * MINUTE_MS + 13_000;
console.log(`Route summaries benchmark: ${ROUTES.toLocaleString("en")} routes probed every ${INTERVAL_MS / 1000} s, 7 days of hour rollups, 2 h of minute rollups…`);

const t0 = performance.now();
// Real rollup contents (a route probed every minute), drawn from a pool so that generation stays quick.
const bucketOf = (samples: number) => {
  const bucket = emptyBucket();
  for (let i = 0; i < samples; i++) addToBucket(bucket, { ...sample(), dnsMs: 1, connectMs: 20, tunnelMs: null, tlsMs: 40, ttfbMs: 100 });
  return bucketToRow(bucket);
};
const hourPool = Array.from({ length: 400 }, () => bucketOf(60));
const minutePool = Array.from({ length: 200 }, () => bucketOf(1));
db.pragma("synchronous = OFF"); // generation only
db.transaction(() => {
  const side = Math.ceil(Math.sqrt(ROUTES));
  const now = start;
  for (let p = 0; p < side; p++) db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`).run(`proxy-${p}`, now, now);
  for (let t = 0; t < side; t++) {
    db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'https://api.example.test/v1', 'gpt-4o-mini', 'chat', 'api', ?, ?)`).run(`target-${t}`, now, now);
  }
  const route = db.prepare(`INSERT INTO "Route" (proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (?, ?, 1, 'up', 5, 0, ?)`);
  for (let i = 0; i < ROUTES; i++) route.run(1 + (i % side), 1 + Math.floor(i / side), now);
})();
const put = (table: string) =>
  db.prepare(
    `INSERT INTO "${table}" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist, dnsSumMs, connectSumMs, tunnelSumMs, tlsSumMs, ttfbSumMs)
     VALUES (@routeId, @bucket, @total, @okCount, @kindCounts, @latencySumMs, @latencyMinMs, @latencyMaxMs, @latencyHist, @dnsSumMs, @connectSumMs, @tunnelSumMs, @tlsSumMs, @ttfbSumMs)`,
  );
const putHour = put("RollupHour");
const putMinute = put("RollupMinute");
const firstHour = bucketStart(start, HOUR_MS) - 168 * HOUR_MS;
const firstMinute = bucketStart(start, MINUTE_MS) - 130 * MINUTE_MS;
for (let routeId = 1; routeId <= ROUTES; routeId++) {
  db.transaction(() => {
    for (let bucket = firstHour; bucket <= start; bucket += HOUR_MS) putHour.run({ routeId, bucket, ...hourPool[Math.floor(random() * hourPool.length)]! });
    for (let bucket = firstMinute; bucket < start; bucket += MINUTE_MS) putMinute.run({ routeId, bucket, ...minutePool[Math.floor(random() * minutePool.length)]! });
  })();
  if (routeId % 1000 === 0) process.stdout.write(`  generated ${routeId}/${ROUTES} routes (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
}
db.pragma("synchronous = NORMAL");
db.pragma("wal_checkpoint(TRUNCATE)");
const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
console.log(`  generated ${count("RollupHour").toLocaleString("en")} hour and ${count("RollupMinute").toLocaleString("en")} minute rollups in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

function result(at: number, routeId: number): ResultToRecord {
  const { ok, kind, totalMs } = sample();
  const probe = makeResult(kind, at, totalMs);
  return { routeId, targetId: 1, result: probe };
}

const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
/** Every route once per interval, at its own phase; yields each writer batch with its time. */
function* batches(from: number, minutes: number): Generator<{ at: number; batch: ResultToRecord[] }> {
  for (let at = from + FLUSH_MS; at <= from + minutes * MINUTE_MS; at += FLUSH_MS) {
    const batch: ResultToRecord[] = [];
    // Route i's phase is i × INTERVAL / ROUTES; FLUSH_MS divides INTERVAL_MS, so a batch never wraps.
    const phase = (at - FLUSH_MS - start) % INTERVAL_MS;
    const perMs = ROUTES / INTERVAL_MS;
    for (let i = Math.floor(phase * perMs); i < Math.floor((phase + FLUSH_MS) * perMs); i++) batch.push(result(at - Math.floor(random() * FLUSH_MS), i + 1));
    yield { at, batch };
  }
}

// CPU time is the figure (this process's own work, whatever else the machine runs); wall time beside it.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const timed = <T>(work: () => T): [T, number, number] => {
  const cpu = cpuMs();
  const wall = performance.now();
  const value = work();
  return [value, cpuMs() - cpu, performance.now() - wall];
};

const keeper = new IncrementalRouteSummaries(db);
const [, rebuildCpu, rebuildWall] = timed(() => keeper.rebuild(start));
console.log(`  reading every route's rollups at once (the service now spreads this out: startLazily): ${rebuildCpu.toFixed(0)} ms CPU (${rebuildWall.toFixed(0)} ms wall)  (load ${load()})`);

/**
 * Simulates `minutes` from `from`. Interleaved: each batch is stored and
 * then summarised, as in the service (the CPU figure then also carries part
 * of the garbage collection and cache misses that storing causes).
 * Separately: each minute's batches are stored first, then the same calls
 * replayed, so the figure is the summary work alone.
 */
function simulate(from: number, minutes: number, interleaved: boolean): void {
  console.log(interleaved ? "  interleaved with the result writes, as in the service:" : "  the summary work alone (each minute's results stored first, then the same calls replayed):");
  console.log(`  simulated minute   per-write (CPU ms)   sliding + writes (CPU ms)   total CPU ms (wall ms)   target        rows written   load average`);
  const totals: number[] = [];
  let nextTick = from + TICK_MS;
  let minute = { writeMs: 0, tickMs: 0, wallMs: 0, written: 0, begin: from };
  const report = () => {
    const total = minute.writeMs + minute.tickMs;
    totals.push(total);
    const label = new Date(minute.begin).toISOString().slice(11, 19) + (bucketStart(minute.begin + MINUTE_MS - 1, HOUR_MS) > bucketStart(minute.begin, HOUR_MS) ? " *" : "");
    console.log(
      `  ${label.padEnd(18)} ${minute.writeMs.toFixed(1).padStart(18)} ${minute.tickMs.toFixed(1).padStart(27)} ${`${total.toFixed(1)} (${minute.wallMs.toFixed(1)})`.padStart(24)}   ≤ ${TARGET_MS} ms ${String(minute.written).padStart(19)}   ${load()}`,
    );
  };
  const summarise = (at: number, batch: ResultToRecord[]) => {
    const [, writeCpu, writeWall] = timed(() => keeper.record(batch, at));
    minute.writeMs += writeCpu;
    minute.wallMs += writeWall;
    if (at >= nextTick) {
      const [written, tickCpu, tickWall] = timed(() => keeper.tick(at));
      minute.written += written;
      minute.tickMs += tickCpu;
      minute.wallMs += tickWall;
      nextTick += TICK_MS;
    }
    if (at - minute.begin >= MINUTE_MS) {
      report();
      minute = { writeMs: 0, tickMs: 0, wallMs: 0, written: 0, begin: at };
    }
  };
  let pending: Array<{ at: number; batch: ResultToRecord[] }> = [];
  for (const step of batches(from, minutes)) {
    recordResultsNow(db, step.batch, thresholds, step.at); // the storing itself is not summary work
    if (interleaved) summarise(step.at, step.batch);
    else pending.push(step);
    if (!interleaved && (step.at - from) % MINUTE_MS === 0) {
      for (const { at, batch } of pending) summarise(at, batch);
      pending = [];
    }
  }
  const sorted = [...totals].sort((a, b) => a - b);
  console.log(
    `  summary work per minute (CPU): median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, worst ${sorted[sorted.length - 1]!.toFixed(1)} ms (target ≤ ${TARGET_MS} ms; * = the minute holding an hour boundary; the first minute warms up the JIT)`,
  );
}
simulate(start, MINUTES, true);
simulate(start + MINUTES * MINUTE_MS, ALONE_MINUTES, false);

// The old path on the same data: every write batch recomputed its routes, and every minute all routes.
const oldFrom = start + (MINUTES + ALONE_MINUTES) * MINUTE_MS;
let oldWriteMs = 0;
for (const { at, batch } of batches(oldFrom, 1)) {
  recordResultsNow(db, batch, thresholds, at);
  oldWriteMs += timed(() => refreshRouteSummaries(db, at, [...new Set(batch.map((item) => item.routeId))]))[1];
}
const [, oldFullMs] = timed(() => refreshRouteSummaries(db, oldFrom + MINUTE_MS));
console.log(
  `  before (full recompute, CPU): per-write ${oldWriteMs.toFixed(0)} ms + every-minute refresh of all routes ${oldFullMs.toFixed(0)} ms = ${(oldWriteMs + oldFullMs).toFixed(0)} ms per minute  (load ${load()})`,
);
db.close();
rmSync(dir, { recursive: true, force: true });
