// Storage at scale: 10 million raw results (1,000 routes probed every ~60 s
// for 7 days) plus their minute rollups (2 days) and hour rollups (30 days),
// on SQLite, PostgreSQL or both (the same rows: generated once into SQLite,
// copied into a throw-away PostgreSQL cluster by db:copy's code). Prints,
// per engine: the time of GET /api/routes and of a 30-day and a 24-hour
// series (through the route handlers, on the engine's store), bytes per raw
// result (the table with its indexes: SQLite's dbstat, PostgreSQL's
// pg_total_relation_size after VACUUM ANALYZE), the write throughput through
// store.results.record in the result writer's batches of 500 (rollups
// included), the summary full recompute and the database size per million
// results. Targets (issue #13, set for SQLite): p95 < 50 ms and < 100 ms,
// ≤ 100 B per raw result. Asserts nothing.
//   npm run bench:storage -- --engine both --results 1000000
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { StoreEngine } from "../lib/db/store/store";
import { startBenchPgCluster, type BenchPgCluster } from "./bench-pg-cluster";
import { loadPostgres, preparePostgres, prepareSqlite, type LoadedPostgres, type PreparedEngine } from "./storage-engines";
import { seedStorageDatabase } from "./storage-seed";
import { measureThroughService, type ServiceFigures } from "./storage-service";

const { values } = parseArgs({
  options: {
    engine: { type: "string", default: "sqlite" },
    results: { type: "string", default: process.env.BENCH_RESULTS ?? "10000000" },
    routes: { type: "string", default: process.env.BENCH_ROUTES ?? "1000" },
  },
});
const ENGINES: Record<string, StoreEngine[]> = { sqlite: ["sqlite"], postgresql: ["postgresql"], both: ["sqlite", "postgresql"] };
const chosen = ENGINES[values.engine];
if (!chosen) throw new Error(`--engine must be sqlite, postgresql or both (not ${values.engine})`);
const engines: StoreEngine[] = chosen;
const RESULTS = Number(values.results);
const ROUTES = Number(values.routes);
if (!(RESULTS >= ROUTES && ROUTES > 0)) throw new Error("--routes must be positive and --results at least --routes");

const NAMES: Record<StoreEngine, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };
const load = () => loadavg().map((n) => n.toFixed(1)).join(" ");
const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-storage-"));
process.once("exit", () => rmSync(dir, { recursive: true, force: true }));

console.log(`Storage benchmark: ${ROUTES.toLocaleString("en")} routes, ${(RESULTS / 1e6).toFixed(1)} M raw results over 7 days; ${engines.map((engine) => NAMES[engine]).join(" and ")} (load ${load()})`);
const benchStarted = performance.now();
const seed = seedStorageDatabase(dir, ROUTES, RESULTS);
const measured = new Map<StoreEngine, PreparedEngine & ServiceFigures>();
let cluster: BenchPgCluster | null = null;
let loaded: LoadedPostgres | null = null;
try {
  if (engines.includes("postgresql")) {
    cluster = await startBenchPgCluster();
    // Before SQLite's own measurements: its write throughput adds rows.
    loaded = await loadPostgres(seed, cluster);
  }
  for (const engine of engines) {
    const prepared = engine === "sqlite" ? prepareSqlite(seed) : await preparePostgres(loaded!, seed);
    const figures = await measureThroughService(prepared.databaseUrl, seed, dir, engine === "postgresql" ? cluster!.serverCpuSeconds : undefined);
    console.log(`  ${NAMES[engine]}: measured through the service (load ${figures.loadAverage})`);
    measured.set(engine, { ...prepared, ...figures });
  }
} finally {
  await cluster?.stop();
}
printTable();
console.log(`  (${((performance.now() - benchStarted) / 60_000).toFixed(0)} min in all; load average at the end ${load()})`);

/** The engines side by side; "met" only where a figure meets issue #13's target, which was set for SQLite. */
function printTable(): void {
  const columns = engines.map((engine) => measured.get(engine)!);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const verdict = (met: boolean) => (met ? "met" : "not met");
  const rows: Array<[string, ...string[]]> = [
    [`GET /api/routes (${ROUTES} routes) p95`, ...columns.map((c) => `${ms(c.routesList.p95)} ${verdict(c.routesList.p95 < 50)}`), "< 50 ms"],
    ["  p50", ...columns.map((c) => ms(c.routesList.p50)), ""],
    ["  answer size", ...columns.map((c) => `${c.routesList.kb.toFixed(0)} KB`), ""],
    ["GET …/series, 30 days, p95", ...columns.map((c) => `${ms(c.series30d.p95)} ${verdict(c.series30d.p95 < 100)}`), "< 100 ms"],
    ["  p50", ...columns.map((c) => ms(c.series30d.p50)), ""],
    ["GET …/series, 24 hours, p95", ...columns.map((c) => `${ms(c.series24h.p95)} ${verdict(c.series24h.p95 < 100)}`), "< 100 ms"],
    ["bytes per raw result", ...columns.map((c) => `${(c.rawBytes / c.rawCount).toFixed(1)} B ${verdict(c.rawBytes / c.rawCount <= 100)}`), "≤ 100 B"],
    ["writes, batches of 500 with rollups", ...columns.map((c) => `${Math.round(c.writesPerSecond).toLocaleString("en")} results/s`), ""],
    ["  CPU per result: this process", ...columns.map((c) => `${c.writeCpuUs.toFixed(0)} µs`), ""],
    ["  CPU per result: database server", ...columns.map((c) => (c.writeServerCpuUs === null ? "(in process)" : `${c.writeServerCpuUs.toFixed(0)} µs`)), ""],
    ["summaries, full recompute", ...columns.map((c) => `${c.summaryMs.toFixed(0)} ms`), ""],
    ["database per million results", ...columns.map((c) => `${(c.databaseBytes / 1024 / 1024 / (c.rawCount / 1e6)).toFixed(0)} MB`), ""],
  ];
  if (loaded) rows.push(["loading (PostgreSQL: db:copy)", ...engines.map((engine) => (engine === "postgresql" ? `${loaded!.loadSeconds.toFixed(0)} s` : "")), ""]);
  const header: [string, ...string[]] = ["", ...engines.map((engine) => NAMES[engine]), "target (issue #13, for SQLite)"];
  const widths = header.map((_, index) => Math.max(...[header, ...rows].map((row) => row[index]!.length)));
  console.log("");
  for (const row of [header, ...rows]) console.log(`  ${row.map((cell, index) => cell.padEnd(widths[index]!)).join("   ")}`.trimEnd());
  console.log("  raw results' bytes part by part:");
  for (const [engine, c] of measured) {
    const parts = Object.entries(c.rawParts).map(([name, bytes]) => `${name} ${(bytes / c.rawCount).toFixed(1)}`).join(", ");
    console.log(`    ${NAMES[engine]}: ${parts} (${c.rawCount.toLocaleString("en")} rows)`);
  }
}
