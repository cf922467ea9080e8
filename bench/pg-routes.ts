// The route store's listings on PostgreSQL at 10,000 proxy × target pairs,
// probed from the hub alone and then with a third of them also from two
// agent locations (each row with its summary), on a throw-away cluster:
// one page (by name, worst first, filtered, searched, deep), the counts by
// state and the whole listing. Target as for SQLite (bench/locations.ts):
// p95 < 50 ms for a page. Run: npx tsx bench/pg-routes.ts. Asserts nothing.
import { loadavg } from "node:os";
import { migratePostgres } from "../lib/db/migrate-postgres";
import { createPgPool } from "../lib/db/store/postgres/pg-pool";
import { PostgresStore } from "../lib/db/store/postgres/postgres-store";
import type { RoutePageQuery } from "../lib/db/store/route-store";
import { startPgCluster } from "../scripts/db/pg-cluster";

const PAIRS = Number(process.env.BENCH_ROUTES ?? 10_000);
const TARGETS = 100;
const PROXIES = Math.ceil(PAIRS / TARGETS);
const windows = JSON.stringify({ "1h": { total: 60, ok: 58, uptime: 58 / 60, p50: 300, p95: 900, p99: 1200 }, "24h": { total: 1440, ok: 1400, uptime: 1400 / 1440, p50: 310, p95: 950, p99: 1300 }, "7d": { total: 10080, ok: 9900, uptime: 9900 / 10080, p50: 305, p95: 940, p99: 1250 } });

const cluster = await startPgCluster();
try {
  const url = await cluster.createDatabase("bench_routes");
  await migratePostgres(url);
  const pool = createPgPool(url);
  const store = new PostgresStore(pool);
  await pool.query(`INSERT INTO "Target" (name, "baseUrl", model, "updatedAt") SELECT 'target-' || i, 'https://api.example.test/v1', 'gpt-4o-mini', now() FROM generate_series(1, $1) i`, [TARGETS]);
  await pool.query(`INSERT INTO "Proxy" (name, url, "updatedAt") SELECT 'proxy-' || i, 'http://127.0.0.1:' || (10000 + i), now() FROM generate_series(1, $1) i`, [PROXIES]);
  const addRows = (locationId: number, share: number) =>
    pool.query(
      `INSERT INTO "Route" ("proxyId", "targetId", state, "lastProbeAt", "lastOk", "lastKind", "lastTotalMs", "locationId")
       SELECT p.id, t.id, (ARRAY['up','up','up','up','degraded','down','unknown'])[1 + (p.id * 7 + t.id * 3 + $1) % 7], now(), true, 'ok', 300, $1
         FROM "Target" t CROSS JOIN "Proxy" p WHERE (p.id * ${TARGETS} + t.id) % $2 = 0`,
      [locationId, share],
    );
  const addSummaries = () => pool.query(`INSERT INTO "RouteSummary" ("routeId", "computedAt", windows) SELECT id, now(), $1 FROM "Route" ON CONFLICT DO NOTHING`, [windows]);
  await addRows(1, 1);
  await addSummaries();
  await pool.query("ANALYZE");

  async function time(label: string, runs: number, work: () => Promise<unknown>): Promise<void> {
    await work();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await work();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
    console.log(`  ${label.padEnd(52)} p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms`);
  }

  const page = (query: Partial<RoutePageQuery>) => () => store.routes.listPage({ sort: "name", limit: 50, offset: 0, ...query });
  async function all(): Promise<void> {
    await time("listPage, 50 by name", 40, page({}));
    await time("listPage, 50 worst first", 40, page({ sort: "worst" }));
    await time("listPage, state=down", 40, page({ state: "down" }));
    await time("listPage, q=\"target-7 proxy-1\"", 40, page({ q: "target-7 proxy-1" }));
    await time("listPage, page 150", 40, page({ offset: 7450 }));
    await time("countByState", 20, () => store.routes.countByState(null));
    await time("list (every pair)", 5, () => store.routes.list());
  }
  console.log(`PostgreSQL route store, ${TARGETS * PROXIES} pairs at the hub only (load ${loadavg()[0]!.toFixed(2)})`);
  await all();
  for (const locationId of [2, 3]) {
    await pool.query(`INSERT INTO "Location" (name, kind, online, "updatedAt") VALUES ($1, 'agent', true, now())`, [`agent-${locationId}`]);
    await addRows(locationId, 3);
  }
  await addSummaries();
  await pool.query("ANALYZE");
  console.log(`… and a third of them also from two agents (load ${loadavg()[0]!.toFixed(2)})`);
  await all();
  await store.close();
} finally {
  await cluster.stop();
}
