// The dashboard overview at 10,000 routes: first load in a real browser
// (Debian's Chromium through Playwright, or Playwright's own), several runs
// each in a fresh browser context (no cache), median and p95 of time to first
// byte, first contentful paint, the route table in the DOM, and the load event,
// all from navigation start. Target: the first load of page 1, load event
// median < 1 s (printed beside each view's figure). Also a filtered, a
// searched, a deep page and a worst-first view, a repeat visit (scripts
// cached), the HTML size and the page's element count, and
// GET /api/routes for one page. Needs the built app (`npm run build`).
// Prints the load average: the machine is shared. Asserts nothing.
// BENCH_BREAKDOWN=1 instead traces one first load of /login and of page 1 in
// Chrome: navigation phases, each resource's size and arrival, and the main
// thread's CPU time up to the load event by activity.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { migrateDatabase } from "../lib/db/migrate";
import { openSqlite } from "../lib/db/sqlite";
import { bucketIndex } from "../lib/monitoring/latency-histogram";
import { bucketStart, HOUR_MS, MINUTE_MS } from "../lib/monitoring/rollup-bucket";
import { childEnv } from "../tests/helpers/child-env";

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string; data?: { url?: string; isLoadingMainFrame?: boolean } } };

/** Playwright types trace events as string maps; Chrome sends these fields with numbers and nested args. */
const asTraceEvents = (value: unknown) => value as TraceEvent[];

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TARGETS = 100;
const PROXIES = Number(process.env.BENCH_ROUTES ?? 10_000) / TARGETS;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TOKEN = "bench-admin-token-0123456789abcdefgh";
const BROWSER = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

const dir = mkdtempSync(join(tmpdir(), "proxypulse-bench-overview-"));
const dbPath = join(dir, "bench.db");
const configPath = join(dir, "proxypulse.yaml");
writeFileSync(configPath, "intervalSeconds: 3600\n");

// Deterministic pseudo-random numbers, so runs are comparable.
let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;

/**
 * 100 targets × 100 proxies, each route with a state, a last result, a
 * summary, 24 hourly rollups and the last 10 minutes' rollups (the server
 * recomputes the summaries from these every minute, as in production).
 */
function seedDatabase(): number {
  migrateDatabase(dbPath);
  const db = openSqlite(dbPath);
  db.pragma("synchronous = OFF"); // generation only
  const now = Date.now();
  const firstHour = bucketStart(now, HOUR_MS) - 23 * HOUR_MS;
  const pad = (n: number) => String(n).padStart(3, "0");
  const route = db.prepare(
    `INSERT INTO "Route" (proxyId, targetId, enabled, state, stateChangedAt, okStreak, failStreak, createdAt, lastProbeAt, lastOk, lastKind, lastTotalMs, lastFailAt, lastFailKind)
     VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const summary = db.prepare(`INSERT INTO "RouteSummary" (routeId, computedAt, windows) VALUES (?, ?, ?)`);
  const hour = db.prepare(`INSERT INTO "RollupHour" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist) VALUES (?, ?, 60, ?, ?, ?, ?, ?, ?)`);
  const minute = db.prepare(`INSERT INTO "RollupMinute" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)`);
  const firstMinute = bucketStart(now, MINUTE_MS) - 9 * MINUTE_MS;
  let routes = 0;
  db.transaction(() => {
    for (let p = 0; p < PROXIES; p++) db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES (?, 'direct', 'api', ?, ?)`).run(`proxy-${pad(p)}`, now, now);
    for (let t = 0; t < TARGETS; t++) {
      db.prepare(`INSERT INTO "Target" (name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (?, 'http://127.0.0.1:9/v1', 'gpt-4o-mini', 'models', 'api', ?, ?)`).run(`target-${pad(t)}`, now, now);
    }
    for (let t = 1; t <= TARGETS; t++) {
      for (let p = 1; p <= PROXIES; p++) {
        const roll = random();
        const state = roll < 0.05 ? "down" : roll < 0.12 ? "degraded" : roll < 0.14 ? "unknown" : roll < 0.15 ? "paused" : "up";
        const ok = state === "up" || state === "paused";
        const ms = 150 + random() * 600;
        const id = route.run(p, t, state === "paused" ? 0 : 1, state, now - 3_600_000, now, now - 60_000, ok ? 1 : 0, ok ? "ok" : "timeout", ok ? ms : null, now - 7_200_000, "timeout").lastInsertRowid;
        const window = (total: number) => ({ total, ok: Math.round(total * 0.97), uptime: 0.97, p50: ms, p95: ms * 1.8, p99: ms * 2.5 });
        summary.run(id, now, JSON.stringify({ "1h": window(60), "24h": window(1440), "7d": window(10_080) }));
        for (let h = 0; h < 24; h++) {
          const okCount = 60 - (random() < 0.1 ? Math.ceil(random() * 10) : 0);
          hour.run(id, firstHour + h * HOUR_MS, okCount, JSON.stringify(okCount === 60 ? { ok: 60 } : { ok: okCount, timeout: 60 - okCount }), okCount * ms, ms, ms, JSON.stringify({ [bucketIndex(ms)]: okCount }));
        }
        for (let i = 0; i < 10; i++) {
          const one = ok ? 1 : 0;
          minute.run(id, firstMinute + i * MINUTE_MS, one, JSON.stringify(ok ? { ok: 1 } : { timeout: 1 }), ok ? ms : 0, ok ? ms : null, ok ? ms : null, JSON.stringify(ok ? { [bucketIndex(ms)]: 1 } : {}));
        }
        routes++;
      }
    }
  })();
  db.close();
  return routes;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "–").padStart(8);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

console.log(`Load average at start (1/5/15 min): ${loadavg().map((value) => value.toFixed(2)).join(" / ")}`);
console.log(`Overview benchmark: seeding ${TARGETS * PROXIES} routes (summaries, 24 h of hourly rollups)…`);
const seedStart = performance.now();
const routeCount = seedDatabase();
console.log(`  seeded ${routeCount} routes in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: ROOT,
  stdio: ["ignore", "pipe", "pipe"],
  env: childEnv({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `file:${dbPath}`,
    PROXYPULSE_CONFIG: configPath,
    PROXYPULSE_ADMIN_TOKEN: TOKEN,
    // Measure the page, not 10,000 probes of a closed port.
    PROXYPULSE_SCHEDULER: "off",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  }),
});
let serverOutput = "";
server.stdout.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
server.stderr.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));

const browser = await chromium.launch({
  ...(BROWSER ? { executablePath: BROWSER } : {}),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

try {
  for (let waited = 0; ; waited += 200) {
    const ready = await fetch(`${base}/api/status`).then((response) => response.ok).catch(() => false);
    if (ready) break;
    if (waited > 60_000 || server.exitCode !== null) throw new Error(`the app did not start (is it built? npm run build)\n${serverOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const login = await fetch(`${base}/api/session`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ token: TOKEN }) });
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  if (login.status !== 204 || !cookie) throw new Error(`login failed: ${login.status}`);
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];

  /** A browser context with the admin session and a mark for when the table is in the DOM (watched from before the first byte). */
  async function newContext() {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name, value, url: base }]);
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="route-table"] tbody tr')) {
          performance.mark("table");
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    return context;
  }

  /** One load in this context: navigation timings from the browser itself. */
  async function visit(context: Awaited<ReturnType<typeof newContext>>, path: string): Promise<{ ttfb: number; fcp: number; table: number; load: number; rows: number; elements: number }> {
    const page = await context.newPage();
    await page.goto(path, { waitUntil: "load" });
    const timings = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
      const table = performance.getEntriesByName("table")[0]?.startTime ?? Number.NaN;
      return { ttfb: nav.responseStart, fcp, table, load: nav.loadEventEnd, rows: document.querySelectorAll('[data-testid="route-table"] tbody tr').length, elements: document.getElementsByTagName("*").length };
    });
    await page.close();
    return timings;
  }

  /** A first load: a fresh context, so nothing cached and no connection kept. */
  async function load(path: string) {
    const context = await newContext();
    try {
      return await visit(context, path);
    } finally {
      await context.close();
    }
  }

  /** `repeat`: every run in one context after a first visit, i.e. with the page's JavaScript and CSS cached. */
  async function measure(label: string, path: string, repeat = false) {
    const shared = repeat ? await newContext() : null;
    const once = (at: string) => (shared ? visit(shared, at) : load(at));
    await once(path); // warms the server's code path for this view (and the cache when repeating)
    const runs: Array<Awaited<ReturnType<typeof load>>> = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(path));
    await shared?.close();
    const html = Buffer.from(await (await fetch(`${base}${path}`, { headers: { cookie } })).arrayBuffer());
    const pick = (key: "ttfb" | "fcp" | "table" | "load") => runs.map((run) => run[key]);
    const loadMedian = median(pick("load"));
    console.log(
      `${label.padEnd(28)} ${String(runs[0]!.rows).padStart(3)} rows  TTFB ${ms(median(pick("ttfb")))} / ${ms(p95(pick("ttfb")))}  FCP ${ms(median(pick("fcp")))} / ${ms(p95(pick("fcp")))}` +
        `  table ${ms(median(pick("table")))} / ${ms(p95(pick("table")))}  load ${ms(loadMedian)} / ${ms(p95(pick("load")))}` +
        `  HTML ${kb(html.length)} (${kb(gzipSync(html).length)} gzip), ${runs[0]!.elements} elements  load median ${ms(loadMedian).trim()} ${loadMedian < 1000 ? "<" : "≥"} 1 s target: ${loadMedian < 1000 ? "met" : "NOT MET"}`,
    );
  }

  /**
   * Where one first load's time goes (BENCH_BREAKDOWN=1): a Chrome trace of
   * the renderer's main thread, self CPU time per activity up to the load event,
   * and each resource's size and arrival.
   */
  async function breakdown(label: string, path: string) {
    const context = await newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on("Tracing.dataCollected", ({ value }) => events.push(...asTraceEvents(value)));
    await cdp.send("Tracing.start", { categories: "devtools.timeline,v8,v8.execute,disabled-by-default-devtools.timeline,blink,loading", transferMode: "ReportEvents" });
    await page.goto(path, { waitUntil: "load" });
    const nav = await page.evaluate(() => {
      const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const resources = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((r) => ({ name: r.name.replace(location.origin, ""), start: r.startTime, end: r.responseEnd, bytes: r.encodedBodySize, raw: r.decodedBodySize }));
      return { phases: `fetch ${entry.fetchStart.toFixed(0)}, request ${entry.requestStart.toFixed(0)}, first byte ${entry.responseStart.toFixed(0)}`, loadStart: entry.loadEventStart, responseEnd: entry.responseEnd, dcl: entry.domContentLoadedEventEnd, load: entry.loadEventEnd, html: entry.encodedBodySize, htmlRaw: entry.decodedBodySize, resources };
    });
    const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.end");
    await done;
    await context.close();
    // The raw events, for chrome://tracing or DevTools' performance panel.
    if (process.env.BENCH_TRACE_FILE) writeFileSync(process.env.BENCH_TRACE_FILE, JSON.stringify(events));
    // The renderer's "load" mark gives its thread and, with the page's own figure, navigation start on the trace's clock.
    const mark = events.filter((e) => e.name === "MarkLoad").sort((a, b) => b.ts - a.ts)[0];
    const main = mark ? { pid: mark.pid, tid: mark.tid } : undefined;
    const loadEnd = mark?.ts ?? 0;
    const navStart = loadEnd - nav.loadStart * 1000;
    const slices = events.filter((e) => e.ph === "X" && main && e.pid === main.pid && e.tid === main.tid && e.ts >= navStart && e.ts < loadEnd && e.dur).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    // Self time per activity, in CPU time of the thread (wall time swells with the machine's load).
    const self = new Map<string, number>();
    const stack: Array<{ end: number; name: string; child: number; dur: number }> = [];
    const close = (until: number) => {
      while (stack.length && stack.at(-1)!.end <= until) {
        const top = stack.pop()!;
        self.set(top.name, (self.get(top.name) ?? 0) + Math.max(0, top.dur - top.child));
      }
    };
    for (const slice of slices) {
      close(slice.ts);
      if (stack.length) stack.at(-1)!.child += slice.tdur ?? slice.dur!;
      const url = String(slice.args?.data?.url ?? "");
      const name = slice.name === "EvaluateScript" || slice.name === "v8.compile" ? `${slice.name} ${url ? url.replace(/^.*\//, "") : "(inline)"}` : slice.name;
      stack.push({ end: slice.ts + slice.dur!, name, child: 0, dur: slice.tdur ?? slice.dur! });
    }
    close(Number.POSITIVE_INFINITY);
    const busy = [...self.entries()].filter(([name]) => name !== "RunTask" && name !== "ThreadControllerImpl::RunTask").reduce((sum, [, us]) => sum + us, 0);
    console.log(`\n${label}: ${nav.phases}, response end ${ms(nav.responseEnd)}, DOMContentLoaded ${ms(nav.dcl)}, load ${ms(nav.load)}; HTML ${kb(nav.html)} (${kb(nav.htmlRaw)} raw)`);
    for (const r of nav.resources) console.log(`  ${r.name.padEnd(48)} ${kb(r.bytes).padStart(7)} (${kb(r.raw).padStart(7)} raw)  ${ms(r.start)} → ${ms(r.end)}`);
    console.log(`  main thread CPU before load: ${ms(busy / 1000)}; self CPU time by activity (≥ 5 ms):`);
    for (const [name, us] of [...self.entries()].sort((a, b) => b[1] - a[1])) if (us >= 5000 && !name.includes("RunTask")) console.log(`    ${ms(us / 1000)}  ${name}`);
  }

  if (process.env.BENCH_BREAKDOWN === "1") {
    for (const [label, path] of [["/login", "/login"], ["overview page 1", "/"]] as const) {
      await breakdown(label, path); // warm-up
      await breakdown(label, path);
    }
  } else {
    console.log(`\nFirst load at 1280 px, ${RUNS} runs each, median / p95 from navigation start (target: page 1's load event, median < 1 s):`);
    // What any page of the dashboard costs on this machine now (the same scripts, no route data): the floor under the figures below.
    await measure("baseline: /login (no data)", "/login");
    await measure("overview (page 1 of 200)", "/");
    await measure("state=down", "/?state=down");
    await measure("search q=proxy-042", "/?q=proxy-042");
    await measure("target + search", "/?target=target-017&q=proxy-04");
    await measure("worst first", "/?sort=worst");
    await measure("page 150", "/?page=150");
    await measure("overview, repeat visit", "/", true);

    const api: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/api/routes?limit=50&offset=5000&state=up`, { headers: { authorization: `Bearer ${TOKEN}` } });
      await response.arrayBuffer();
      api.push(performance.now() - started);
    }
    console.log(`GET /api/routes?limit=50&offset=5000&state=up: median ${ms(median(api))}, p95 ${ms(p95(api))}`);
  }
  console.log(`Load average (1/5/15 min): ${loadavg().map((value) => value.toFixed(2)).join(" / ")} on ${cpus().length} cores`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
  rmSync(dir, { recursive: true, force: true });
}
