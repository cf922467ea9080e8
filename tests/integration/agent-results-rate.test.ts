import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as results from "@/app/api/agent/results/route";
import { AGENT_RESULTS_BURST, AGENT_RESULTS_PER_SECOND } from "@/lib/agent/hub/agent-hub-state";
import { hashAgentToken, newAgentToken } from "@/lib/locations/agent-token";
import { call, startTestService, type TestService } from "../helpers/test-service";

// One agent flooding the hub with full batches kept every other request
// waiting (~300 ms for GET /api/routes at 20 batches of 500 a second): the
// per-location limit counted requests, not the results each one makes the
// hub store. Batches are now weighed by their results. The clock (Date only)
// is frozen so that no refill happens between the batches of a test.

let test: TestService;
const locations: Array<{ token: string; routeId: number }> = [];

const okResult = (startedAt: string) => ({
  ok: true, kind: "ok", layer: null, httpStatus: 200, apiErrorCode: null, apiErrorType: null, message: "OK", hint: { en: "", zh: "" }, requestId: null, processingMs: null,
  timings: { dnsMs: 1, connectMs: 1, tunnelMs: null, tlsMs: null, ttfbMs: 5, totalMs: 6 },
  quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
  usage: null, probe: "chat", route: "direct", startedAt, midStream: false, stream: null,
});

let seq = 0;
function batch(routeId: number, size: number) {
  const startedAt = new Date().toISOString();
  return { streamId: "rate-stream", results: Array.from({ length: size }, () => ({ seq: ++seq, routeId, result: okResult(startedAt) })) };
}

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-rate
proxies:
  - name: direct
    url: direct
`);
  const sqlite = test.service.sqlite!;
  for (const name of ["flood", "quiet"]) {
    const token = newAgentToken();
    const now = Date.now();
    const id = Number(sqlite.prepare(`INSERT INTO "Location" (name, kind, source, tokenHash, createdAt, updatedAt) VALUES (?, 'agent', 'api', ?, ?, ?)`).run(name, hashAgentToken(token), now, now).lastInsertRowid);
    const routeId = Number(sqlite.prepare(`INSERT INTO "Route" (proxyId, targetId, locationId, assigned, createdAt) SELECT proxyId, targetId, ?, 1, ? FROM "Route" WHERE locationId = 1`).run(id, now).lastInsertRowid);
    locations.push({ token, routeId });
  }
}, 60_000);

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await test?.stop();
});

const stored = (routeId: number) => test.service.sqlite!.prepare(`SELECT COUNT(*) FROM "ProbeResult" WHERE routeId = ?`).pluck().get(routeId) as number;

describe("an agent's batches are limited by the results they carry", () => {
  it("refuses full batches past the burst of results (429, nothing stored), per location, and takes them again as the bucket refills", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const [flood, quiet] = locations as [(typeof locations)[0], (typeof locations)[0]];
    const full = AGENT_RESULTS_BURST / 500;
    for (let n = 0; n < full; n++) {
      const answer = await call(results.POST, { method: "POST", path: "/api/agent/results", body: batch(flood.routeId, 500), token: flood.token });
      expect(answer.status, answer.text).toBe(200);
    }
    expect(stored(flood.routeId)).toBe(AGENT_RESULTS_BURST);

    // Well under the request limit (40 at once), over the results one.
    const refused = await call(results.POST, { method: "POST", path: "/api/agent/results", body: batch(flood.routeId, 500), token: flood.token });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBe(Math.ceil(500 / AGENT_RESULTS_PER_SECOND));
    expect(stored(flood.routeId)).toBe(AGENT_RESULTS_BURST);

    // Another location has its own bucket.
    const other = await call(results.POST, { method: "POST", path: "/api/agent/results", body: batch(quiet.routeId, 500), token: quiet.token });
    expect(other.status).toBe(200);

    // A second refills AGENT_RESULTS_PER_SECOND results' worth.
    vi.setSystemTime(Date.now() + 1000);
    const again = await call(results.POST, { method: "POST", path: "/api/agent/results", body: batch(flood.routeId, 500), token: flood.token });
    expect(again.status).toBe(200);
    expect(stored(flood.routeId)).toBe(AGENT_RESULTS_BURST + 500);
  }, 60_000);
});
