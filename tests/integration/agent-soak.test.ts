import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { addAgentLocation, directRoutesYaml, hubWorkspace, query, readSpool, SAMPLE_HEAP, sampleHeap, startAgent, startHub, waitFor, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

/**
 * A hub and an agent run for weeks: neither may keep memory per probe,
 * per batch, per heartbeat or per held assignment request. Both run as real
 * processes (the agent from the CLI) with their heap sampled after full GCs
 * (tests/fixtures/heap-on-signal.mjs) while 200 routes are probed every 5 s,
 * the agent heartbeats every second, and another location's client keeps
 * assignment requests held and ending (long polls of 1 s) the whole time.
 */
const ROUTES = 300;
const WARMUP_PROBES = 900;
/** Heap samples after the warm-up, this many probes apart: the slope is fitted through all of them (one sample varies by ~0.2 MB). */
const SAMPLES = 4;
const PROBES_BETWEEN_SAMPLES = 1200;
/**
 * Heap kept per probe above which memory grows with use. Measured: ~150
 * bytes (noise: V8's own warm-up); an agent that held on to each probe's
 * result object measured ~690, and failed.
 */
const MAX_BYTES_PER_PROBE = 384;

let api: FakeOpenAI;
let ws: HubWorkspace;
let hub: Hub;
let agent: Proc;
let dataDir: string;
let polls = 0;
const stopPolling = new AbortController();

beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: ["sk-soak"] });
  ws = hubWorkspace(directRoutesYaml({ baseUrl: api.baseUrl("ok"), apiKey: "sk-soak", routes: ROUTES, timeoutMs: 5000, concurrency: 50 }));
  hub = await startHub(ws, { offlineAfterMs: 3000, nodeArgs: SAMPLE_HEAP });
  dataDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-soak-"));
}, 60_000);

afterAll(async () => {
  stopPolling.abort();
  await agent?.kill();
  await hub?.kill();
  await api?.close();
  ws?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Held assignment requests, one after another, as an agent's long poll (here 1 s each). */
async function pollAssignments(token: string): Promise<void> {
  const dispatcher = new Agent();
  let etag: string | null = null;
  try {
    while (!stopPolling.signal.aborted) {
      const response: Awaited<ReturnType<typeof undiciFetch>> | null = await undiciFetch(`${hub.url}/api/agent/assignment?wait=${etag ? 1 : 0}`, {
        headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) },
        dispatcher,
        signal: stopPolling.signal,
      }).catch(() => null);
      if (!response) continue;
      await response.arrayBuffer();
      if (response.status === 200) etag = response.headers.get("etag");
      if (response.status === 429) await new Promise((resolve) => setTimeout(resolve, 1000));
      polls += 1;
    }
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  const cov = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const varX = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return cov / varX;
}

const given = () => readSpool(dataDir).lastGiven;
const stored = (locationId: number) => query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" r JOIN "Route" o ON o.id = r.routeId WHERE o.locationId = ?`, locationId)[0]!.n;

describe("hub and agent over many probes", () => {
  it("keep no memory per probe, batch, heartbeat or held assignment request", { timeout: 300_000 }, async () => {
    const location = addAgentLocation(ws.db, "soak");
    const poller = addAgentLocation(ws.db, "poller");
    agent = startAgent(["--hub", hub.url, "--data-dir", dataDir, "--heartbeat-seconds", "1"], { PROXYPULSE_AGENT_TOKEN: location.token }, SAMPLE_HEAP);
    await agent.waitForOutput(new RegExp(`assignment: ${ROUTES} route\\(s\\)`));
    const polling = Promise.all([0, 1, 2].map(() => pollAssignments(poller.token)));

    await waitFor(() => given() >= WARMUP_PROBES, 90_000, `${WARMUP_PROBES} probes`);
    const samples: Array<{ probes: number; stored: number; polls: number; agentHeap: number; hubHeap: number }> = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      if (i > 0) await waitFor(() => given() >= samples[0]!.probes + i * PROBES_BETWEEN_SAMPLES, 90_000, `${i * PROBES_BETWEEN_SAMPLES} more probes`);
      samples.push({ probes: given(), stored: stored(location.id), polls, agentHeap: await sampleHeap(agent), hubHeap: await sampleHeap(hub) });
    }
    stopPolling.abort();
    await polling;

    const report = JSON.stringify(samples);
    console.info(`soak samples: ${report}`);
    const [first, last] = [samples[0]!, samples.at(-1)!];
    const probes = last.probes - first.probes;
    // Everything probed reached the hub as it went (a batch at most a moment behind).
    expect(last.stored - first.stored, report).toBeGreaterThan(probes * 0.9);
    expect(last.polls - first.polls, report).toBeGreaterThan(60);
    expect(slope(samples.map((sample) => [sample.probes, sample.agentHeap])), `agent: retained bytes per probe; ${report}`).toBeLessThan(MAX_BYTES_PER_PROBE);
    expect(slope(samples.map((sample) => [sample.stored, sample.hubHeap])), `hub: retained bytes per stored result; ${report}`).toBeLessThan(MAX_BYTES_PER_PROBE);
    // Nothing refused along the way: the uploader gathers results instead of sending one request per probe.
    expect(agent.output()).not.toMatch(/dropped|refused|failed/);
    const waiting = query<{ n: number }>(ws.db, `SELECT spooled AS n FROM "Location" WHERE id = ?`, location.id)[0]!.n;
    expect(waiting, report).toBeLessThan(ROUTES);
  });
});
