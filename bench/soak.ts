// Memory under a long run: every route kind (direct, HTTP CONNECT, HTTPS
// proxy, SOCKS5, SOCKS5h, env) probing the fake OpenAI upstream over TLS, in
// its own process, through the real monitor service and scheduler, for
// --minutes (default 20). Prints, each minute, the heap left after a full GC
// and the RSS, and at the end the slope of the retained heap (per minute and
// per probe, the first minute left out as warm-up). Target: flat (under
// 2 KB per probe). Asserts nothing.
//   npm run bench:soak -- --minutes 3 --targets 20 --interval 10
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseArgs } from "node:util";
import { kindFromCode } from "../lib/classify/kind-codes";
import { startMonitorService } from "../lib/monitoring/monitor-service";
import { startFixturesProcess } from "../tests/fixtures/fixtures-process";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "20" },
    // Each target is probed through every route kind: routes = targets × 6.
    targets: { type: "string", default: "20" },
    interval: { type: "string", default: "10" },
    concurrency: { type: "string", default: "20" },
  },
});
const MINUTES = Number(values.minutes);
const TARGETS = Number(values.targets);
const INTERVAL_SECONDS = Number(values.interval);
const CONCURRENCY = Number(values.concurrency);
for (const [name, value] of Object.entries({ MINUTES, TARGETS, INTERVAL_SECONDS, CONCURRENCY })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name.toLowerCase()} must be a positive number`);
}

// A full collection before each reading, so that the heap shows what is retained, not what is merely uncollected.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const fixtures = await startFixturesProcess();
// The `env` route reads the proxy variables the way curl does, from the process.
process.env.HTTPS_PROXY = fixtures.http;
delete process.env.NO_PROXY;
delete process.env.no_proxy;

const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-soak-"));
const port = new URL(fixtures.apiOrigin).port;
const kinds: Array<[string, string]> = [
  ["direct", "direct"],
  ["http-connect", fixtures.http],
  ["https-proxy", fixtures.https],
  ["socks5", fixtures.socks],
  ["socks5h", fixtures.socks.replace(/^socks5:/, "socks5h:")],
  ["env", "env"],
];
const proxies = kinds.map(([name, url]) => `  - name: ${name}\n    url: ${url}`);
// Half the targets by name, so that socks5h has the proxy resolve it and direct resolves it here.
const targets = Array.from(
  { length: TARGETS },
  (_, i) =>
    `  - name: target-${i}\n    baseUrl: https://${i % 2 ? "localhost" : "127.0.0.1"}:${port}/ok/v1\n    apiKey: ${fixtures.apiKey}\n    probe: ${i % 2 ? "models" : "chat"}\n    caFile: ${fixtures.caFile}`,
);
writeFileSync(
  join(dir, "proxypulse.yaml"),
  `intervalSeconds: ${INTERVAL_SECONDS}\ntimeoutMs: 1500\nconcurrency: ${CONCURRENCY}\ntargets:\n${targets.join("\n")}\nproxies:\n${proxies.join("\n")}\n`,
);

let probes = 0;
const service = await startMonitorService({
  environment: { ...process.env, DATABASE_URL: `file:${join(dir, "bench.db")}`, PROXYPULSE_CONFIG: join(dir, "proxypulse.yaml") },
  runScheduler: true,
  cwd: dir,
  onProbeStart: () => (probes += 1),
});
const routes = service.catalog.list().length;
console.log(`Soak benchmark: ${routes} routes (${kinds.map(([name]) => name).join(", ")}) every ${INTERVAL_SECONDS} s, concurrency ${CONCURRENCY}, ${MINUTES} min…`);
console.log("  min   probes   heap after GC   RSS");

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const samples: Array<{ minute: number; probes: number; heap: number; rss: number }> = [];
for (let minute = 1; minute <= MINUTES; minute += 1) {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  samples.push({ minute, probes, heap: heapUsed, rss });
  console.log(`  ${String(minute).padStart(3)}   ${String(probes).padStart(6)}   ${mb(heapUsed).padStart(13)}   ${mb(rss)}`);
}
await service.stop(10_000);
const Database = (await import("better-sqlite3")).default;
const db = new Database(join(dir, "bench.db"), { readonly: true });
const stored = (db.prepare(`SELECT kindCode, COUNT(*) AS n FROM "ProbeResult" GROUP BY kindCode`).all() as Array<{ kindCode: number; n: number }>).map(({ kindCode, n }) => ({ kind: kindFromCode(kindCode), n }));
const skipped = (db.prepare(`SELECT COALESCE(SUM(skippedSlots), 0) AS n FROM "Route"`).get() as { n: number }).n;
db.close();
await fixtures.stop();
rmSync(dir, { recursive: true, force: true });

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const num = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const den = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}
const measured = samples.slice(1);
console.log(`  results stored        ${stored.map((row) => `${row.kind} ${row.n}`).join(", ")}`);
console.log(`  slots skipped         ${skipped}`);
if (measured.length >= 2) {
  const perMinute = slope(measured.map((s) => [s.minute, s.heap]));
  const perProbe = slope(measured.map((s) => [s.probes, s.heap]));
  console.log(`  heap slope            ${(perMinute / 1024).toFixed(1)} KB/min, ${perProbe.toFixed(0)} bytes/probe   (target < 2048 bytes/probe; minute 1 left out as warm-up)`);
  console.log(`  RSS slope             ${(slope(measured.map((s) => [s.minute, s.rss])) / 1024 / 1024).toFixed(2)} MB/min`);
} else {
  console.log("  heap slope            (needs at least 3 minutes)");
}
