import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as results from "@/app/api/agent/results/route";
import { hashAgentToken, newAgentToken } from "../../lib/locations/agent-token";
import { call, startTestService, type TestService } from "../helpers/test-service";

// A batch and its stream position are one transaction with the results the
// writer stores: when storing fails, the position does not move (the agent
// sends the batch again and nothing is skipped); when it works, the writer's
// after-flush work (summaries) has run for the batch's routes.

let test: TestService;
const token = newAgentToken();
let routeIds: number[] = [];

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-atomic
proxies:
  - name: direct
    url: direct
`);
  const sqlite = test.service.sqlite!;
  const now = Date.now();
  const id = Number(
    sqlite.prepare(`INSERT INTO "Location" (name, kind, source, tokenHash, createdAt, updatedAt) VALUES ('edge', 'agent', 'api', ?, ?, ?)`).run(hashAgentToken(token), now, now).lastInsertRowid,
  );
  sqlite.prepare(`INSERT INTO "Route" (proxyId, targetId, locationId, assigned, createdAt) SELECT proxyId, targetId, ?, 1, ? FROM "Route" WHERE locationId = 1`).run(id, now);
  routeIds = (sqlite.prepare(`SELECT id FROM "Route" WHERE locationId = ?`).pluck().all(id) as number[]);
});

afterAll(async () => {
  await test?.stop();
});

const okResult = () => ({
  ok: true, kind: "ok", layer: null, httpStatus: 200, apiErrorCode: null, apiErrorType: null, message: "OK", hint: { en: "", zh: "" }, requestId: null, processingMs: null,
  timings: { dnsMs: 1, connectMs: 1, tunnelMs: null, tlsMs: null, ttfbMs: 5, totalMs: 6 },
  quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
  usage: null, probe: "chat", route: "direct", startedAt: new Date().toISOString(), midStream: false, stream: null,
});

describe("storing an agent's batch", () => {
  it("moves the stream's position only together with the results", async () => {
    const sqlite = test.service.sqlite!;
    const body = { streamId: "atomic-stream", results: [1, 2].map((seq) => ({ seq, routeId: routeIds[0], result: okResult() })) };
    const lastSeq = () => (sqlite.prepare(`SELECT lastSeq FROM "AgentStream" WHERE streamId = 'atomic-stream'`).pluck().get() as number | undefined) ?? 0;
    const stored = () => sqlite.prepare(`SELECT COUNT(*) FROM "ProbeResult" WHERE routeId = ?`).pluck().get(routeIds[0]) as number;

    sqlite.exec(`CREATE TRIGGER refuse_results BEFORE INSERT ON "ProbeResult" BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;`);
    const failed = await call(results.POST, { method: "POST", path: "/api/agent/results", body, token });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(lastSeq()).toBe(0);
    expect(stored()).toBe(0);

    sqlite.exec(`DROP TRIGGER refuse_results`);
    const again = await call(results.POST, { method: "POST", path: "/api/agent/results", body, token });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ stored: 2, duplicates: 0, lastSeq: 2, outOfTime: 0 });
    expect(stored()).toBe(2);
    // The writer's after-flush work ran for the route: its summary counts the two.
    const summary = sqlite.prepare(`SELECT windows FROM "RouteSummary" WHERE routeId = ?`).pluck().get(routeIds[0]) as string | undefined;
    expect(JSON.parse(summary!)["1h"].total).toBe(2);
  });
});
