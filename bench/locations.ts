// GET /api/routes and the overview's reads at 10,000 proxy × target pairs,
// probed from the hub alone (every install before locations) and then from
// three locations (30,000 route rows, each with its summary): the pairs'
// state over their locations is worked out in SQL (filters, sort, counts)
// and their locations read per page. Target: p95 < 50 ms for a page, as for
// GET /api/routes in bench/storage.ts. Asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import * as routesApi from "../app/api/routes/route";
import { getOverview } from "../lib/dashboard/get-overview";
import { parseOverviewFilter } from "../lib/dashboard/filter-routes";
import { migrateDatabase } from "../lib/db/migrate";
import { openSqlite } from "../lib/db/sqlite";
import { startMonitorService, type MonitorService } from "../lib/monitoring/monitor-service";

const PAIRS = Number(process.env.BENCH_ROUTES ?? 10_000);
const TOKEN = "bench-admin-token-0123456789abcdefgh";
const STATES = ["up", "up", "up", "up", "degraded", "down", "unknown"];
const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-locations-"));
const dbPath = join(dir, "bench.db");
migrateDatabase(dbPath);
const db = openSqlite(dbPath);
const now = Date.now();
const windows = JSON.stringify({ "1h": { total: 60, ok: 58, uptime: 58 / 60, p50: 300, p95: 900, p99: 1200 }, "24h": { total: 1440, ok: 1400, uptime: 1400 / 1440, p50: 310, p95: 950, p99: 1300 }, "7d": { total: 10080, ok: 9900, uptime: 9900 / 10080, p50: 305, p95: 940, p99: 1250 } });

function addRows(locationId: number): void {
  db.transaction(() => {
    const route = db.prepare(
      `INSERT INTO "Route" (proxyId, targetId, enabled, state, okStreak, failStreak, createdAt, lastProbeAt, lastOk, lastKind, lastTotalMs, locationId, assigned)
       VALUES (?, ?, 1, ?, 1, 0, ?, ?, 1, 'ok', 300, ?, 1)`,
    );
    const summary = db.prepare(`INSERT INTO "RouteSummary" (routeId, computedAt, windows) VALUES (?, ?, ?)`);
    for (let i = 0; i < PAIRS; i++) {
      const id = route.run((i % 100) + 1, Math.floor(i / 100) + 1, STATES[(i * 7 + locationId) % STATES.length], now, now - (i % 60) * 1000, locationId).lastInsertRowid;
      summary.run(id, now, windows);
    }
  })();
}

db.transaction(() => {
  for (let p = 1; p <= 100; p++) db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`).run(`proxy-${p}`, now, now);
  for (let t = 1; t <= Math.ceil(PAIRS / 100); t++) db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'https://api.example.test/v1', 'gpt-4o-mini', 'chat', 'api', ?, ?)`).run(`target-${t}`, now, now);
})();
addRows(1);

writeFileSync(join(dir, "proxypulse.yaml"), "targets: []\nproxies: []\n");
const service: MonitorService = await startMonitorService({
  environment: { ...process.env, DATABASE_URL: `file:${dbPath}`, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml"), PROXYPULSE_ADMIN_TOKEN: TOKEN },
  runScheduler: false,
  cwd: dir,
});
(globalThis as { proxypulseMonitor?: Promise<MonitorService> }).proxypulseMonitor = Promise.resolve(service);

async function time(label: string, runs: number, run: () => Promise<unknown> | unknown) {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    await run();
    if (i >= 3) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(`  ${label.padEnd(52)} p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms`);
}

const headers = { authorization: `Bearer ${TOKEN}` };
const get = (query: string) => async () => {
  const response = await routesApi.GET(new Request(`http://x/api/routes${query}`, { headers }), { params: Promise.resolve({}) });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  await response.text();
};

for (const locations of [1, 3]) {
  if (locations === 3) {
    for (const name of ["hk-vps", "sg-vps"]) db.prepare(`INSERT INTO "Location" (name, kind, source, createdAt, updatedAt) VALUES (?, 'agent', 'api', ?, ?)`).run(name, now, now);
    addRows(2);
    addRows(3);
  }
  console.log(`Locations benchmark: ${PAIRS} pairs × ${locations} location(s) (load ${loadavg()[0]!.toFixed(2)}):`);
  await time("GET /api/routes?limit=50 (a page; target p95 < 50 ms)", 40, get("?limit=50"));
  await time("GET /api/routes?limit=50&sort=worst&state=degraded", 40, get("?limit=50&sort=worst&state=degraded"));
  await time("getOverview (page 1 of 50, counts, uptime bars)", 40, () => getOverview(service.store, parseOverviewFilter({}), now));
  await time(`GET /api/routes (all ${PAIRS})`, 10, get(""));
}
await service.stop(1000);
db.close();
rmSync(dir, { recursive: true, force: true });
