// The storage benchmark's data, generated once into a SQLite file: routes,
// raw results written in time order with all routes interleaved (as the
// scheduler writes them), their minute rollups (2 days) and hour rollups
// (30 days), computed with the product's bucket arithmetic. PostgreSQL is
// loaded from this file (bench/storage-engines.ts), so both engines hold the
// same rows.
import { join } from "node:path";
import { OUTCOME_KINDS, type OutcomeKind } from "../lib/classify/kinds";
import { migrateDatabase } from "../lib/db/migrate";
import { openSqlite } from "../lib/db/sqlite";
import { encodeResult, INSERT_RESULT_SQL } from "../lib/monitoring/probe-result-codec";
import { addToBucket, bucketStart, bucketToRow, emptyBucket, HOUR_MS, MINUTE_MS, type RollupBucket } from "../lib/monitoring/rollup-bucket";

const RAW_DAYS = 7;
const MINUTE_DAYS = 2;
const HOUR_DAYS = 30;
const PROXIES = 10;

export interface StorageSeed {
  /** The SQLite file holding the data (closed). */
  dbPath: string;
  /** The time the data ends at; reads and later writes start from it. */
  now: number;
  routes: number;
  rawCount: number;
  /** The target of a route (the layout is fixed: PROXIES proxies × the targets). */
  targetOf(routeId: number): number;
}

// Deterministic pseudo-random numbers, so runs are comparable.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
/** The numbers of one route's i-th raw result (mulberry32), the same in the rollup pass and the raw pass. */
export function randomFor(routeId: number, i: number): () => number {
  let state = (routeId * 1_000_003 + i * 7919) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const FAILURES: OutcomeKind[] = ["timeout", "proxy_unreachable", "rate_limited", "connection_reset", "tls_error", "quota_exhausted"];

/** One probe's outcome and timings, drawn from `random`. */
export function sampleOutcome(at: number, random: () => number) {
  const ok = random() > 0.03;
  const kind: OutcomeKind = ok ? "ok" : FAILURES[Math.floor(random() * FAILURES.length)]!;
  // Hundredths of a millisecond, as lib/probe/timings.ts measures them.
  const hundredths = (ms: number) => Math.round(ms * 100) / 100;
  const totalMs = ok ? hundredths(150 + Math.exp(random() * 6)) : 15_000;
  return { ok, kind, at, dnsMs: ok ? 1 : null, connectMs: ok ? hundredths(20 + random() * 30) : null, tunnelMs: null, tlsMs: ok ? hundredths(40 + random() * 40) : null, ttfbMs: ok ? hundredths(totalMs - 120) : null, totalMs };
}

/** Writes `results` raw results of `routes` routes over 7 days, and their rollups, into a new SQLite file in `dir`. */
export function seedStorageDatabase(dir: string, routes: number, results: number): StorageSeed {
  const dbPath = join(dir, "bench.db");
  migrateDatabase(dbPath);
  const db = openSqlite(dbPath);
  db.pragma("synchronous = OFF"); // generation only
  const now = Date.now();
  const targets = Math.ceil(routes / PROXIES);
  const t0 = performance.now();
  db.transaction(() => {
    for (let p = 0; p < PROXIES; p++) db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`).run(`proxy-${p}`, now, now);
    for (let t = 0; t < targets; t++) {
      db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'https://api.example.test/v1', 'gpt-4o-mini', 'chat', 'api', ?, ?)`).run(`target-${t}`, now, now);
    }
    let made = 0;
    for (let p = 1; p <= PROXIES && made < routes; p++) {
      for (let t = 1; t <= targets && made < routes; t++, made++) {
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

  const perRoute = Math.floor(results / routes);
  const rawSpan = RAW_DAYS * 86_400_000;
  const step = rawSpan / perRoute;
  const rawAt = (routeId: number, i: number) => Math.floor(now - rawSpan + i * step + (routeId % 60) * 1000);
  const minuteSince = now - MINUTE_DAYS * 86_400_000;
  const hourSince = bucketStart(now - HOUR_DAYS * 86_400_000, HOUR_MS);
  // Rollups route by route (one route's buckets in memory at a time).
  for (let routeId = 1; routeId <= routes; routeId++) {
    const hours = new Map<number, RollupBucket>();
    const minutes = new Map<number, RollupBucket>();
    // Hour rollups older than the raw window, as 30 days of history would leave.
    for (let at = hourSince + (routeId % 60) * 1000; at < now - rawSpan; at += 60_000) {
      const result = sampleOutcome(at, random);
      const key = bucketStart(at, HOUR_MS);
      hours.set(key, addToBucket(hours.get(key) ?? emptyBucket(), result));
    }
    for (let i = 0; i < perRoute; i++) {
      const at = rawAt(routeId, i);
      const result = sampleOutcome(at, randomFor(routeId, i));
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
    if (routeId % 100 === 0) process.stdout.write(`  rollups: ${routeId}/${routes} routes (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
  }
  console.log("");
  // Raw results in time order, all routes interleaved, as the scheduler writes
  // them: the (routeId, at) index then fills its pages the way it does in use
  // (route by route would pack them tighter than any real database).
  for (let i = 0; i < perRoute; i += 10) {
    db.transaction(() => {
      for (let j = i; j < Math.min(i + 10, perRoute); j++) {
        for (let routeId = 1; routeId <= routes; routeId++) {
          const at = rawAt(routeId, j);
          const result = sampleOutcome(at, randomFor(routeId, j));
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
    if (i % 500 === 0) process.stdout.write(`  raw results: ${(i * routes).toLocaleString("en")}/${(perRoute * routes).toLocaleString("en")} (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
  }
  console.log("");
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  const rawCount = count("ProbeResult");
  console.log(`  generated ${rawCount.toLocaleString("en")} results, ${count("RollupMinute").toLocaleString("en")} minute and ${count("RollupHour").toLocaleString("en")} hour rollups in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { dbPath, now, routes, rawCount, targetOf: (routeId) => ((routeId - 1) % targets) + 1 };
}
