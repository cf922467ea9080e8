import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitAgentResult } from "@/lib/agent/fit-agent-result";
import { AgentProbeResult } from "@/lib/agent/agent-protocol";
import { addAgentLocation, hubWorkspace, query, startAgent, startHub, waitFor, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

// What an upstream (or a proxy in between) says goes into a probe result as
// it is: a fractional rate-limit count, a processing time of days, token
// counts with decimals. The hub refuses a whole agent batch for one result
// outside its bounds, and the agent then dropped the batch: every result of
// such a route (and up to 499 others with it) was lost. The agent now fits
// each result to the hub's bounds before spooling it.

const ODD_HEADERS = {
  "openai-processing-ms": "999999999999",
  "x-ratelimit-remaining-requests": "1.5",
  "x-ratelimit-limit-tokens": "1e300",
};

let upstream: http.Server;
let ws: HubWorkspace;
let hub: Hub;
let agent: Proc | null = null;
const dataDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-odd-"));

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const body = request.url?.includes("/models")
        ? { object: "list", data: [{ id: "m", object: "model", created: 1, owned_by: "x" }] }
        : { id: "c", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }], usage: { prompt_tokens: 1.5, completion_tokens: 1, total_tokens: 2.5 } };
      response.writeHead(200, { "content-type": "application/json", ...ODD_HEADERS }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const { port } = upstream.address() as AddressInfo;
  ws = hubWorkspace(`
intervalSeconds: 60
timeoutMs: 5000
targets:
  - name: odd
    baseUrl: http://127.0.0.1:${port}/v1
    apiKey: sk-odd-test
proxies:
  - name: direct
    url: direct
`);
  hub = await startHub(ws);
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await hub?.kill();
  await new Promise((resolve) => upstream?.close(resolve));
  ws?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("an agent probing an upstream whose numbers are out of the hub's bounds", () => {
  it("gets its results stored on the hub (fitted), not dropped with their batch", async () => {
    const location = addAgentLocation(ws.db, "odd-place", { intervalSeconds: 5 });
    agent = startAgent(["--hub", hub.url, "--data-dir", dataDir, "--heartbeat-seconds", "1"], { PROXYPULSE_AGENT_TOKEN: location.token });
    const stored = () => query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE routeId IN (${location.routeIds.join(", ")})`)[0]!.n;
    await waitFor(() => stored() > 0 || /refused a batch/.test(agent!.output()), 40_000, "a result stored or a batch refused");
    expect(agent.output()).not.toMatch(/refused a batch/);
    expect(stored()).toBeGreaterThan(0);
    expect(agent.output()).not.toContain("sk-odd-test");
  }, 60_000);
});

describe("fitting a result to the hub's bounds", () => {
  const base = {
    ok: true, kind: "ok", layer: null, httpStatus: 200, apiErrorCode: null, apiErrorType: null, message: "OK", hint: { en: "", zh: "" }, requestId: "req-1", processingMs: 12,
    timings: { dnsMs: 1, connectMs: 1, tunnelMs: null, tlsMs: null, ttfbMs: 5, totalMs: 6 },
    quota: { limitRequests: 100, remainingRequests: 99, resetRequestsMs: 1000, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, probe: "chat", route: "direct", startedAt: new Date().toISOString(), midStream: false,
    stream: { ttftMs: 1, streamMs: 2, chunks: 3, maxGapMs: 1, outputTokens: 3, tokensPerSecond: 10 },
    errorChain: ["TypeError: fetch failed"],
  };
  type Result = typeof base;
  it.each<[string, (r: Result) => void, (r: Result) => unknown, unknown]>([
    ["a processing time of days", (r) => (r.processingMs = 1e12), (r) => r.processingMs, null],
    ["a fractional count", (r) => (r.quota.remainingRequests = 1.5), (r) => r.quota.remainingRequests, 2],
    ["a count past 2^53", (r) => (r.quota.limitTokens = 1e300 as never), (r) => r.quota.limitTokens, null],
    ["a negative count", (r) => (r.usage.promptTokens = -1), (r) => r.usage.promptTokens, null],
    ["usage past what a probe can spend", (r) => (r.usage.completionTokens = 5e10), (r) => r.usage.completionTokens, null],
    ["NaN", (r) => (r.timings.ttfbMs = Number.NaN), (r) => r.timings.ttfbMs, null],
    ["Infinity", (r) => (r.stream.tokensPerSecond = Number.POSITIVE_INFINITY), (r) => r.stream.tokensPerSecond, null],
    ["a status out of HTTP's range", (r) => (r.httpStatus = 799), (r) => r.httpStatus, null],
    ["chunks past the bound (not nullable)", (r) => (r.stream.chunks = 1e9), (r) => r.stream.chunks, 0],
    ["a long message", (r) => (r.message = "x".repeat(5000)), (r) => r.message.length, 2000],
    ["a long request id", (r) => (r.requestId = "r".repeat(1000)), (r) => r.requestId.length, 200],
    ["a long error chain", (r) => (r.errorChain = Array.from({ length: 40 }, () => "e".repeat(3000))), (r) => [r.errorChain.length, r.errorChain[0]!.length], [20, 1000]],
  ])("%s", (_name, spoil, read, expected) => {
    const result = structuredClone(base);
    spoil(result);
    const fitted = fitAgentResult(result);
    expect(AgentProbeResult.safeParse(fitted).success).toBe(true);
    expect(read(fitted)).toEqual(expected);
    // Everything else as it was.
    expect(fitted.requestId === base.requestId || fitted.requestId.length === 200).toBe(true);
    expect(fitted.quota.limitRequests).toBe(100);
  });

  it("leaves a result that fits untouched (the same object)", () => {
    expect(fitAgentResult(base)).toBe(base);
  });
});
