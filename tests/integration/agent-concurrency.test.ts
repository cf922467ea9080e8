import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgentLocation, hubWorkspace, startAgent, startHub, waitFor, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

/**
 * The hub's `concurrency` reaches its agents with their assignment, and a
 * running agent follows a change (a hub restarted with a new value) without
 * a restart of its own. Measured where it matters: the upstream counts the
 * probes it holds at once.
 */
const ANSWER_MS = 3500;
let upstream: http.Server;
let active = 0;
let peak = 0;
let served = 0;
let ws: HubWorkspace;
let hub: Hub | null = null;
let agent: Proc | null = null;
let dataDir: string;

/** A slow OpenAI-compatible `GET /v1/models` (the body as the API gives it). */
function startSlowModels(): Promise<string> {
  upstream = http.createServer((request, response) => {
    active += 1;
    peak = Math.max(peak, active);
    setTimeout(() => {
      active -= 1;
      served += 1;
      response.writeHead(200, { "content-type": "application/json", "x-request-id": `req_${served}` });
      response.end(JSON.stringify({ object: "list", data: [{ id: "gpt-4o-mini", object: "model", created: 1721172741, owned_by: "system" }] }));
    }, ANSWER_MS);
  });
  return new Promise((resolve) => upstream.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`)));
}

const yaml = (baseUrl: string, concurrency: number) => `
intervalSeconds: 5
timeoutMs: 8000
concurrency: ${concurrency}
targets:
  - name: slow
    baseUrl: ${baseUrl}
    apiKey: sk-concurrency-test
    probe: models
proxies:
${[1, 2, 3, 4].map((n) => `  - name: direct-${n}\n    url: direct\n`).join("")}`;

let baseUrl: string;

beforeAll(async () => {
  baseUrl = await startSlowModels();
  ws = hubWorkspace(yaml(baseUrl, 1));
  hub = await startHub(ws);
  dataDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-conc-"));
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await hub?.kill();
  await new Promise((resolve) => upstream?.close(resolve));
  upstream?.closeAllConnections();
  ws?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("an agent's concurrency", () => {
  it("is the hub's, and follows a change of it without restarting the agent", async () => {
    const location = addAgentLocation(ws.db, "hk");
    agent = startAgent(["--hub", hub!.url, "--data-dir", dataDir], { PROXYPULSE_AGENT_TOKEN: location.token });
    await agent.waitForOutput(/assignment: 4 route\(s\)/);
    // Four routes each held 3.5 s of every 5 s, one at a time.
    await waitFor(() => served >= 4, 30_000, "four probes served");
    expect(peak).toBe(1);

    await hub!.kill("SIGTERM");
    writeFileSync(ws.config, yaml(baseUrl, 4));
    hub = await startHub(ws, { port: hub!.port });
    const before = agent.output().match(/assignment: 4 route\(s\)/g)!.length;
    await waitFor(() => (agent!.output().match(/assignment: 4 route\(s\)/g)?.length ?? 0) > before, 30_000, "the new assignment");
    peak = active;
    const after = served;
    await waitFor(() => served >= after + 6, 30_000, "six more probes served");
    expect(peak).toBeGreaterThan(1);
    expect(agent.output()).toContain("concurrency: 4 probes at once (was 1), as the hub now says");
    expect(agent.output()).not.toMatch(/failed to run/);
  }, 120_000);
});
