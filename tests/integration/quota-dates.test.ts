import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as results from "@/app/api/agent/results/route";
import { fitAgentResult } from "@/lib/agent/fit-agent-result";
import { listQuotas } from "@/lib/dashboard/list-quotas";
import { hashAgentToken, newAgentToken } from "@/lib/locations/agent-token";
import { makeResult } from "../helpers/make-result";
import { call, startTestService, type TestService } from "../helpers/test-service";

// The quota panel (overview and every route's page of the target) turns a
// stored reset duration into a date. A duration no date can hold (an agent's
// forged report, or an upstream's absurd x-ratelimit-reset header on the
// hub's own probe) must not make the panel throw for everyone: an agent may
// report its own probes, not break what every other location's rows show.

let test: TestService;
const token = newAgentToken();
let hubRow: number;
let edgeRow: number;
let targetId: number;

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-quota-dates
proxies:
  - name: direct
    url: direct
`);
  const { db } = test.service;
  const edge = await db.location.create({ data: { name: "edge", kind: "agent", source: "api", tokenHash: hashAgentToken(token) } });
  const hub = await db.route.findFirstOrThrow({ where: { locationId: 1 } });
  edgeRow = (await db.route.create({ data: { proxyId: hub.proxyId, targetId: hub.targetId, locationId: edge.id, assigned: true } })).id;
  hubRow = hub.id;
  targetId = hub.targetId;
});

afterAll(async () => {
  await test?.stop();
});

const quota = (resetMs: number) => ({ limitRequests: 100, remainingRequests: 50, resetRequestsMs: resetMs, limitTokens: 1000, remainingTokens: 500, resetTokensMs: resetMs, retryAfterMs: null });
let seq = 0;

describe("a quota reset no date can hold", () => {
  it.each([
    ["the largest safe integer", Number.MAX_SAFE_INTEGER],
    ["past the last representable date (8.64e15 ms)", 8.64e15],
  ])("from an agent (%s): the batch is refused saying why, the agent's fitter sends it as unknown, and the panel still lists the target", async (_case, resetMs) => {
    seq += 1;
    const body = { streamId: "quota-dates", results: [{ seq, routeId: edgeRow, result: { ...makeResult("ok", Date.now()), quota: quota(resetMs) } }] };
    const answer = await call(results.POST, { method: "POST", path: "/api/agent/results", body, token });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/reset/i);
    // What a real agent sends: its fitter makes the figure unknown, and the batch is stored.
    const fitted = fitAgentResult(body.results[0]!.result);
    expect(fitted.quota).toMatchObject({ remainingRequests: 50, resetRequestsMs: null, resetTokensMs: null });
    const stored = await call(results.POST, { method: "POST", path: "/api/agent/results", body: { ...body, results: [{ ...body.results[0]!, result: fitted }] }, token });
    expect(stored.status).toBe(200);
    const panel = (await listQuotas(test.service.store)).find((entry) => entry.targetId === targetId)!;
    expect(panel.targetName).toBe("main");
    for (const at of [panel.resetRequestsAt, panel.resetTokensAt]) if (at !== null) expect(Number.isNaN(Date.parse(at))).toBe(false);
  });

  it.each([
    ["an absurd reset header on the hub's own probe", 1e23],
    ["one just past the last date", 8.7e15],
  ])("%s: the panel shows the numbers without a reset time instead of throwing", async (_case, resetMs) => {
    await test.service.writer.write({ routeId: hubRow, targetId, result: makeResult("ok", Date.now(), 100, { quota: quota(resetMs) }) });
    const panel = (await listQuotas(test.service.store)).find((entry) => entry.targetId === targetId)!;
    expect(panel).toMatchObject({ remainingRequests: 50, location: null, resetRequestsAt: null, resetTokensAt: null });
  });
});
