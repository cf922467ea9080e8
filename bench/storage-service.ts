// The storage benchmark's measurements through the product's own paths: the
// monitor service started on the engine's DATABASE_URL, GET /api/routes and
// a route's series through their route handlers, and writes through the
// service's store (store.results.record) in the result writer's batches.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import * as seriesApi from "../app/api/routes/[id]/series/route";
import * as routesApi from "../app/api/routes/route";
import type { ResultToRecord } from "../lib/db/store/result-store";
import { startMonitorService, type MonitorService } from "../lib/monitoring/monitor-service";
import { makeResult } from "../tests/helpers/make-result";
import { randomFor, sampleOutcome, type StorageSeed } from "./storage-seed";

const TOKEN = "bench-admin-token-0123456789abcdef";
/** The result writer's largest batch (monitor-service: maxBatch). */
const WRITE_BATCH = 500;
const WRITE_BATCHES = 200;
const WARM_UP_BATCHES = 4;
const THRESHOLDS = { downAfterFailures: 3, upAfterSuccesses: 2 };

export interface Timing {
  p50: number;
  p95: number;
  kb: number;
}

export interface ServiceFigures {
  routesList: Timing;
  series30d: Timing;
  series24h: Timing;
  /** Raw results stored per second through store.results.record (rollups, counters, states, quota, token days). */
  writesPerSecond: number;
  /** This process's CPU per stored result, and the database server's (PostgreSQL), in µs. */
  writeCpuUs: number;
  writeServerCpuUs: number | null;
  loadAverage: string;
}

export async function measureThroughService(databaseUrl: string, seed: StorageSeed, dir: string, serverCpuSeconds?: () => number): Promise<ServiceFigures> {
  writeFileSync(join(dir, "proxypulse.yaml"), "targets: []\nproxies: []\n");
  const service: MonitorService = await startMonitorService({
    environment: { ...process.env, DATABASE_URL: databaseUrl, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"), PROXYPULSE_ADMIN_TOKEN: TOKEN, PROXYPULSE_DATA_DIR: dir },
    runScheduler: false,
    cwd: dir,
  });
  // Where the route handlers find the service (lib/monitoring/monitor-instance.ts).
  const holder = globalThis as { proxypulseMonitor?: Promise<MonitorService> };
  holder.proxypulseMonitor = Promise.resolve(service);
  try {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const { now, routes } = seed;
    const routesList = await time(100, () => routesApi.GET(new Request("http://x/api/routes", { headers }), { params: Promise.resolve({}) }));
    let routeId = 0;
    const series = (spanMs: number) => () => {
      routeId = (routeId % routes) + 1;
      const url = `http://x/api/routes/${routeId}/series?from=${now - spanMs}&to=${now}`;
      return seriesApi.GET(new Request(url, { headers }), { params: Promise.resolve({ id: String(routeId) }) });
    };
    const series30d = await time(100, series(30 * 86_400_000));
    const series24h = await time(100, series(86_400_000));
    const writes = await measureWrites(service, seed, serverCpuSeconds);
    return { routesList, series30d, series24h, ...writes, loadAverage: loadavg()[0]!.toFixed(1) };
  } finally {
    await service.stop(1000);
    delete holder.proxypulseMonitor;
  }
}

/** p50 and p95 of `runs` requests after 5 not counted (caches, the JIT); each answer must be a 200. */
async function time(runs: number, request: () => Promise<Response>): Promise<Timing> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now();
    const response = await request();
    const body = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status} ${body.slice(0, 200)}`);
    if (i >= 5) times.push(performance.now() - start);
    bytes = body.length;
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: p(0.5), p95: p(0.95), kb: bytes / 1024 };
}

/**
 * Every route probed once a minute after the seed's data ends, stored in
 * batches of 500 one after another (the result writer runs one flush at a
 * time), each batch one call of store.results.record with its rollups.
 */
async function measureWrites(service: MonitorService, seed: StorageSeed, serverCpuSeconds?: () => number): Promise<Pick<ServiceFigures, "writesPerSecond" | "writeCpuUs" | "writeServerCpuUs">> {
  let next = 0;
  const batch = (): { items: ResultToRecord[]; now: number } => {
    const items: ResultToRecord[] = [];
    let latest = 0;
    for (let i = 0; i < WRITE_BATCH; i++, next++) {
      const routeId = (next % seed.routes) + 1;
      const at = seed.now + Math.floor(next / seed.routes) * 60_000 + (routeId % 60) * 1000 + 1;
      latest = Math.max(latest, at);
      // Numbers of their own (the seed's results use indexes below a route's count of results).
      const outcome = sampleOutcome(at, randomFor(routeId, 1_000_000_000 + next));
      const result = makeResult(outcome.kind, at, outcome.totalMs, {
        timings: { dnsMs: outcome.dnsMs, connectMs: outcome.connectMs, tunnelMs: outcome.tunnelMs, tlsMs: outcome.tlsMs, ttfbMs: outcome.ttfbMs, totalMs: outcome.totalMs },
        quota: { limitRequests: 10_000, remainingRequests: 9000, resetRequestsMs: 6000, limitTokens: 200_000, remainingTokens: 190_000, resetTokensMs: 6000, retryAfterMs: null },
      });
      items.push({ routeId, targetId: seed.targetOf(routeId), result });
    }
    return { items, now: latest };
  };
  for (let i = 0; i < WARM_UP_BATCHES; i++) {
    const { items, now } = batch();
    await service.store.results.record(items, THRESHOLDS, now);
  }
  const batches = Array.from({ length: WRITE_BATCHES }, batch);
  const cpuStart = process.cpuUsage();
  const serverStart = serverCpuSeconds?.() ?? 0;
  const started = performance.now();
  for (const { items, now } of batches) await service.store.results.record(items, THRESHOLDS, now);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const results = WRITE_BATCH * WRITE_BATCHES;
  return {
    writesPerSecond: results / seconds,
    writeCpuUs: (cpu.user + cpu.system) / results,
    writeServerCpuUs: serverCpuSeconds ? ((serverCpuSeconds() - serverStart) * 1e6) / results : null,
  };
}
