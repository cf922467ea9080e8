// npm run bench:fidelity: ProxyPulse's phase timings beside curl's -w timings on
// the same loopback paths (fake OpenAI over TLS; direct, HTTP CONNECT, SOCKS5).
// It prints medians of repeated runs and their differences; it asserts nothing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parseProxySpec } from "../lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { runProbe } from "../lib/probe/run-probe";
import type { ProbeTimings } from "../lib/probe/timings";
import { startFixturesProcess } from "../tests/fixtures/fixtures-process";

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP = 5;
const run = promisify(execFile);

type Phases = { dns: number | null; connect: number; tunnelAndTls: number; ttfb: number; total: number };

// The fixtures run in their own process so they do not share this thread.
const config = await startFixturesProcess();
const KEY = config.apiKey;

const localhostOrigin = config.apiOrigin.replace("127.0.0.1", "localhost");
const paths = [
  { name: "direct (localhost)", proxy: "direct", origin: localhostOrigin },
  { name: "HTTP CONNECT proxy", proxy: config.http, origin: config.apiOrigin },
  { name: "HTTP CONNECT + Basic auth", proxy: config.httpAuth, origin: config.apiOrigin },
  { name: "SOCKS5 (proxy resolves)", proxy: config.socks.replace("socks5:", "socks5h:"), origin: localhostOrigin },
];
const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Reply with OK." }], max_completion_tokens: 1 });

try {
  console.log(`Phase timings, median of ${RUNS} runs each after ${WARMUP} warm-up runs (ms). Δ = ProxyPulse − curl.`);
  console.log("curl: connect = time_connect − time_namelookup; tunnel+tls = time_appconnect − time_connect; ttfb = time_starttransfer − time_pretransfer.\n");
  let worst = 0;
  for (const path of paths) {
    const baseUrl = `${path.origin}/ok/v1`;
    const ours = await measureProxyPulse(path.proxy, baseUrl);
    const theirs = await measureCurl(path.proxy, `${baseUrl}/chat/completions`);
    console.log(`${path.name}  (${path.proxy === "direct" ? "direct" : path.proxy.replace(/:\/\/.*@/, "://****@")})`);
    console.log(`  ${"phase".padEnd(12)} ${"ProxyPulse".padStart(10)} ${"curl".padStart(10)} ${"Δ".padStart(8)}`);
    for (const phase of ["dns", "connect", "tunnelAndTls", "ttfb", "total"] as const) {
      const a = ours[phase];
      const b = theirs[phase];
      const delta = a !== null && b !== null ? a - b : null;
      if (delta !== null && phase !== "total" && phase !== "dns") worst = Math.max(worst, Math.abs(delta));
      console.log(`  ${phaseLabel(phase).padEnd(12)} ${show(a).padStart(10)} ${show(b).padStart(10)} ${delta === null ? "".padStart(8) : `${delta >= 0 ? "+" : ""}${delta.toFixed(2)}`.padStart(8)}`);
    }
    console.log("");
  }
  console.log(`Largest per-phase difference (connect, tunnel+tls, ttfb): ${worst.toFixed(2)} ms (target: within 2 ms).`);
} finally {
  await config.stop();
}

async function measureProxyPulse(proxy: string, baseUrl: string): Promise<Phases> {
  const route = new RouteDispatcher(parseProxySpec(proxy), { caFile: config.caFile });
  const samples: ProbeTimings[] = [];
  try {
    for (let i = 0; i < WARMUP + RUNS; i += 1) {
      const result = await runProbe(route, { baseUrl, apiKey: KEY, model: "gpt-4o-mini", probe: "chat", timeoutMs: 5000 });
      if (!result.ok) throw new Error(`probe failed: ${result.kind} ${result.message}`);
      if (i >= WARMUP) samples.push(result.timings);
    }
  } finally {
    await route.close();
  }
  return {
    dns: medianOrNull(samples.map((t) => t.dnsMs)),
    connect: median(samples.map((t) => t.connectMs ?? 0)),
    tunnelAndTls: median(samples.map((t) => (t.tunnelMs ?? 0) + (t.tlsMs ?? 0))),
    ttfb: median(samples.map((t) => t.ttfbMs ?? 0)),
    total: median(samples.map((t) => t.totalMs ?? 0)),
  };
}

async function measureCurl(proxy: string, url: string): Promise<Phases> {
  // One curl process for all runs, as ProxyPulse is one process: the first
  // transfers pay curl's one-off OpenSSL start-up and are discarded as warm-up.
  // Every transfer still opens its own connection and does a full handshake
  // (Connection: close, no TLS session reuse), like every probe does.
  const format = "%{time_namelookup} %{time_connect} %{time_appconnect} %{time_pretransfer} %{time_starttransfer} %{time_total} %{num_connects}\\n";
  const args = ["-s", "--http1.1", "--no-sessionid", "--cacert", config.caFile, "-H", "Connection: close", "-H", `Authorization: Bearer ${KEY}`, "-H", "Content-Type: application/json", "-d", body, "-w", format];
  // Explicit either way, so the user's proxy variables cannot change the path.
  args.push(...(proxy === "direct" ? ["--noproxy", "*"] : ["--proxy", proxy]));
  for (let i = 0; i < WARMUP + RUNS; i += 1) args.push("-o", "/dev/null", url);
  const { stdout } = await run("curl", args);
  const rows = stdout.trim().split("\n").map((line) => line.trim().split(" ").map(Number));
  if (rows.some((row) => row[6] !== 1)) throw new Error("curl reused a connection: the comparison would be unfair");
  const samples = rows.slice(WARMUP).map((row) => row.slice(0, 6).map((seconds) => seconds * 1000));
  const column = (index: number) => samples.map((row) => row[index] ?? 0);
  const [lookup, connect, appconnect, pretransfer, starttransfer, total] = [0, 1, 2, 3, 4, 5].map(column) as number[][];
  return {
    dns: proxy === "direct" || proxy.startsWith("socks5:") ? median(lookup!) : null,
    connect: median(connect!.map((value, i) => value - lookup![i]!)),
    tunnelAndTls: median(appconnect!.map((value, i) => value - connect![i]!)),
    ttfb: median(starttransfer!.map((value, i) => value - pretransfer![i]!)),
    total: median(total!),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function medianOrNull(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? median(present) : null;
}

function phaseLabel(phase: keyof Phases): string {
  return { dns: "dns", connect: "connect", tunnelAndTls: "tunnel+tls", ttfb: "ttfb", total: "total" }[phase];
}

function show(value: number | null): string {
  return value === null ? "–" : value.toFixed(2);
}
