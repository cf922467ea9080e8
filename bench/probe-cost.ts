// What one probe costs the prober's CPU, beside the floor for an honest
// fresh-connection probe: a bare Node https.request on a new connection (full
// TLS handshake, one small POST, the same trust) to the same loopback
// upstream, which runs in its own process so its CPU is not counted. Both run
// sequentially in this process, in alternating rounds (so load on the machine
// weighs on both alike); CPU is process.cpuUsage() user+sys per request.
// Target: a probe ≤ 1.25× the bare request. Asserts nothing.
import https from "node:https";
import { runProbe } from "../lib/probe/run-probe";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { parseProxySpec } from "../lib/routes/parse-proxy-spec";
import { secureContextFor } from "../lib/routes/trusted-roots";
import { startFixturesProcess } from "../tests/fixtures/fixtures-process";

const ROUNDS = Number(process.env.BENCH_PROBE_ROUNDS ?? 6);
const PER_ROUND = Number(process.env.BENCH_PROBE_PER_ROUND ?? 100);
const MODEL = "gpt-4o-mini";

const fixtures = await startFixturesProcess();
const baseUrl = `${fixtures.apiOrigin}/ok/v1`;
const body = JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "Reply with OK." }], max_completion_tokens: 1 });
// The same roots a probe trusts (Node's, plus the CA file), built once as a route builds them.
const secureContext = secureContextFor(fixtures.caFile);

function bareRequest(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${baseUrl}/chat/completions`,
      {
        method: "POST",
        agent: false, // a fresh connection, as a probe makes
        ...({ secureContext } as https.RequestOptions),
        headers: { authorization: `Bearer ${fixtures.apiKey}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          if (response.statusCode !== 200) return reject(new Error(`bare request: HTTP ${response.statusCode}`));
          JSON.parse(Buffer.concat(chunks).toString("utf8"));
          resolve();
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const route = new RouteDispatcher(parseProxySpec("direct"), { caFile: fixtures.caFile });
async function probe(): Promise<void> {
  const result = await runProbe(route, { baseUrl, apiKey: fixtures.apiKey, model: MODEL, probe: "chat", timeoutMs: 10_000 });
  if (!result.ok) throw new Error(`probe: ${result.kind}: ${result.message}`);
}

async function cpuPerCall(call: () => Promise<void>, count: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / count;
}

try {
  // Warm both paths (JIT, lazy module loading) before measuring.
  await cpuPerCall(bareRequest, 50);
  await cpuPerCall(probe, 50);
  const bare: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await cpuPerCall(bareRequest, PER_ROUND));
    ours.push(await cpuPerCall(probe, PER_ROUND));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const b = median(bare);
  const o = median(ours);
  console.log(`probe CPU, median of ${ROUNDS} rounds of ${PER_ROUND} sequential requests each`);
  console.log(`bare https.request (fresh connection)   ${b.toFixed(2)} ms CPU per request`);
  console.log(`proxypulse probe (chat, direct)          ${o.toFixed(2)} ms CPU per probe   ${(o / b).toFixed(2)}× bare (target ≤ 1.25×)`);
} finally {
  await route.close();
  await fixtures.stop();
}
