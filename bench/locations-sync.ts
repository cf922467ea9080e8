// Placing routes at locations at scale: 10,000 proxy × target pairs at 3
// locations (30,000 rows). Prints the time of the first sync (creating every
// row), of ensureRoutes with nothing to do (what every change in the
// dashboard runs), after a proxy list change (10,000 rows unassigned) and
// with 1,000 routes' own placements. Target: each ensureRoutes well under a
// second. Asserts nothing. Run: npx tsx bench/locations-sync.ts
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfigText } from "../lib/config/load-config";
import { createDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { ensureRoutes, syncConfig } from "../lib/monitoring/sync-config";
import { SecretBox } from "../lib/secrets/secret-box";

const PROXIES = Number(process.env.BENCH_PROXIES ?? 100);
const TARGETS = Number(process.env.BENCH_TARGETS ?? 100);

const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-locations-"));
const path = join(dir, "bench.db");
migrateDatabase(path);
const db = createDb(`file:${path}`);
const config = parseConfigText(
  [
    "locations:",
    "  - name: hk",
    "  - name: fra",
    "targets:",
    ...Array.from({ length: TARGETS }, (_, i) => `  - name: target-${i}\n    baseUrl: https://127.0.0.1:9/v1\n    model: m`),
    "proxies:",
    ...Array.from({ length: PROXIES }, (_, i) => `  - name: proxy-${i}\n    url: http://127.0.0.1:${1024 + i}`),
  ].join("\n"),
  "proxypulse.yaml",
  {},
);

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

try {
  const report = await timed(`first sync (${PROXIES * TARGETS} pairs × 3 locations)`, () => syncConfig(db, "sqlite", config, new SecretBox(randomBytes(32))));
  console.log(`  rows created: ${report.routesCreated}`);
  await timed("ensureRoutes, nothing to do", () => ensureRoutes(db, "sqlite"));
  await db.proxy.updateMany({ data: { locations: JSON.stringify(["local", "hk"]) } });
  await timed("ensureRoutes after every proxy left one location", () => ensureRoutes(db, "sqlite"));
  const pairs = await db.route.findMany({ where: { locationId: 1 }, select: { proxyId: true, targetId: true }, take: 1000 });
  await db.routePlacement.createMany({ data: pairs.map((pair) => ({ ...pair, locations: JSON.stringify(["fra"]) })) });
  await timed("ensureRoutes with 1,000 routes' own placements", () => ensureRoutes(db, "sqlite"));
  console.log(`  assigned rows: ${await db.route.count({ where: { assigned: true } })} of ${await db.route.count()}`);
} finally {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}
