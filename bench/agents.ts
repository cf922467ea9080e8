// Probe agents against a real hub process on loopback:
// 1. the hub's ingest rate: results per second it accepts from agents
//    posting batches of 500 (BENCH_INGEST_LOCATIONS locations at once, 6 by
//    default: each is capped by its own rate limit, so enough of them that the
//    hub, not the cap, is what is measured);
// 2. an agent's memory at 1,000 routes: a real `proxypulse agent` process
//    with 1,000 assigned routes (every 10 s) probing a fake OpenAI over TLS
//    (its own process), its RSS sampled from /proc for BENCH_AGENT_SECONDS.
// Prints the figures; asserts nothing. About 2–3 minutes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { addAgentLocation, hubWorkspace, query, run, startAgent, startHub } from "../tests/helpers/agent-testbed";
import { startFixturesProcess } from "../tests/fixtures/fixtures-process";
import { AGENT_RESULTS_PER_SECOND } from "../lib/agent/hub/agent-hub-state";

const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 20);
const AGENT_SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 100);
const INGEST_LOCATIONS = Number(process.env.BENCH_INGEST_LOCATIONS ?? 6);
const PROXIES = 50;
const TARGETS = 20;

const fixtures = await startFixturesProcess();
const targets = Array.from({ length: TARGETS }, (_, i) => `  - name: target-${i}\n    baseUrl: ${fixtures.apiOrigin}/ok/v1\n    apiKey: ${fixtures.apiKey}\n    probe: ${i % 2 ? "models" : "chat"}\n    caFile: ${fixtures.caFile}`);
const proxies = Array.from({ length: PROXIES }, (_, i) => `  - name: proxy-${i}\n    url: direct`);
const ws = hubWorkspace(`intervalSeconds: 60\ntimeoutMs: 10000\nconcurrency: 50\ntargets:\n${targets.join("\n")}\nproxies:\n${proxies.join("\n")}\n`);
const hub = await startHub(ws);

try {
  // --- 1. ingest ---
  const posters = Array.from({ length: INGEST_LOCATIONS }, (_, i) => addAgentLocation(ws.db, `ingest-${i}`));
  const template = {
    ok: true, kind: "ok", layer: null, httpStatus: 200, apiErrorCode: null, apiErrorType: null, message: "OK", hint: { en: "The route works.", zh: "线路正常。" },
    requestId: "req_0123456789abcdef", processingMs: 120, timings: { dnsMs: 1.2, connectMs: 3.4, tunnelMs: null, tlsMs: 12.5, ttfbMs: 240.1, totalMs: 251.7 },
    quota: { limitRequests: 10000, remainingRequests: 9999, resetRequestsMs: 6000, limitTokens: 1000000, remainingTokens: 999000, resetTokensMs: 6000, retryAfterMs: null },
    usage: { promptTokens: 8, completionTokens: 1, totalTokens: 9 }, probe: "chat", route: "direct", midStream: false, stream: null,
  };
  let accepted = 0;
  let limited = 0;
  const until = Date.now() + INGEST_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    posters.map(async (location, index) => {
      let seq = 0;
      while (Date.now() < until) {
        const startedAt = new Date().toISOString();
        const results = Array.from({ length: 500 }, (_, i) => ({ seq: ++seq, routeId: location.routeIds[i % location.routeIds.length]!, result: { ...template, startedAt } }));
        const response = await fetch(`${hub.url}/api/agent/results`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${location.token}` },
          body: JSON.stringify({ streamId: `bench-stream-${index}`, results }),
        });
        const body = (await response.json()) as { stored?: number };
        if (response.status === 429) {
          limited++;
          seq -= 500;
          await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("retry-after") ?? 1) * 1000));
        } else if (response.status !== 200) throw new Error(`the hub answered ${response.status}: ${JSON.stringify(body)}`);
        else accepted += body.stored ?? 0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`Agent benchmark (hub on loopback, SQLite):`);
  console.log(`  hub ingest            ${Math.round(accepted / seconds)} results/s accepted (${accepted} in ${seconds.toFixed(1)} s, batches of 500, ${INGEST_LOCATIONS} locations at once, each capped at ${AGENT_RESULTS_PER_SECOND} results/s by its rate limit; ${limited} answered 429)`);
  // Unassign the ingest locations' rows so the agent test below is alone.
  run(ws.db, `UPDATE "Route" SET assigned = 0 WHERE locationId IN (${posters.map((location) => location.id).join(", ")})`);

  // --- 2. one agent at 1,000 routes ---
  const edge = addAgentLocation(ws.db, "bench-edge", { intervalSeconds: 10 });
  const dataDir = join(ws.dir, "agent");
  const agent = startAgent(["--hub", hub.url, "--data-dir", dataDir], { PROXYPULSE_AGENT_TOKEN: edge.token });
  await agent.waitForOutput(/assignment: \d+ route\(s\)/, 60_000);
  const rss: number[] = [];
  const sampleFrom = Date.now();
  const startCount = query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE routeId >= ?`, Math.min(...edge.routeIds))[0]!.n;
  while (Date.now() - sampleFrom < AGENT_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const status = readFileSync(`/proc/${agent.child.pid}/status`, "utf8");
    rss.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  }
  const stored = query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE routeId >= ?`, Math.min(...edge.routeIds))[0]!.n - startCount;
  const location = query<{ spooled: number }>(ws.db, `SELECT spooled FROM "Location" WHERE id = ?`, edge.id)[0]!;
  agent.child.kill("SIGTERM");
  const code = await agent.exited;
  const sorted = [...rss].sort((a, b) => a - b);
  console.log(`  agent routes          ${edge.routeIds.length} every 10 s (fake OpenAI over TLS, its own process)`);
  console.log(`  agent results         ${Math.round(stored / AGENT_SECONDS)} results/s stored on the hub over ${AGENT_SECONDS} s (expected about ${edge.routeIds.length / 10}); spooled at the last heartbeat: ${location.spooled}`);
  console.log(`  agent RSS             last ${rss.at(-1)?.toFixed(0)} MB, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} MB, max ${sorted.at(-1)?.toFixed(0)} MB`);
  console.log(`  agent exit on SIGTERM ${code}`);
} finally {
  await hub.kill("SIGTERM");
  await fixtures.stop();
  ws.remove();
}
