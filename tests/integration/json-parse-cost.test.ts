import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as heartbeat from "@/app/api/agent/heartbeat/route";
import * as results from "@/app/api/agent/results/route";
import * as locations from "@/app/api/locations/route";
import * as location from "@/app/api/locations/[id]/route";
import { call, startTestService, type TestService } from "../helpers/test-service";
import { AGENT_RESULTS_BURST, AGENT_RESULTS_PER_SECOND } from "@/lib/agent/hub/agent-hub-state";

// What a body costs the hub to parse is bounded by its bytes and its shape,
// not by the results it says it carries. One agent token could block the
// hub's event loop: a 1 MB body of nested brackets takes JSON.parse ~0.5-0.8 s
// (20 such requests a second were allowed), and a batch of "results": [] with
// a megabyte beside it was charged nothing against the location's results
// bucket. Every JSON body now refuses nesting deeper than any API needs, and
// an agent's batch is weighed by its bytes as well as by its results.

let test: TestService;
let agentToken: string;
let agentId: number;

beforeAll(async () => {
  test = await startTestService(`
targets: []
proxies:
  - name: direct
    url: direct
`);
  const made = await call(locations.POST, { method: "POST", path: "/api/locations", body: { name: "parse-cost" } });
  expect(made.status).toBe(201);
  agentToken = made.json.token;
  agentId = made.json.id;
});

afterAll(async () => {
  await test?.stop();
});

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("a JSON body nested deeper than any API needs", () => {
  const cases: Array<[string, () => Promise<{ status: number; json: any }>]> = [
    ["POST /api/agent/results", () => call(results.POST, { method: "POST", path: "/api/agent/results", token: agentToken, rawBody: `{"streamId":"deep-stream-1","results":[],"x":${nested(100_000)}}` })],
    ["POST /api/agent/heartbeat", () => call(heartbeat.POST, { method: "POST", path: "/api/agent/heartbeat", token: agentToken, rawBody: `{"version":"x","sentAt":"${new Date().toISOString()}","spooled":0,"dropped":0,"x":${nested(5000)}}` })],
    ["PATCH /api/locations/:id (admin)", () => call(location.PATCH, { method: "PATCH", path: `/api/locations/${agentId}`, params: { id: String(agentId) }, rawBody: `{"region":"x","x":${nested(100_000)}}` })],
  ];
  it.each(cases)("%s: 400 saying so, before it is parsed", async (_name, send) => {
    const answer = await send();
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/nest/i) });
  });

  it("a string holding brackets is no nesting", async () => {
    const answer = await call(heartbeat.POST, { method: "POST", path: "/api/agent/heartbeat", token: agentToken, body: { version: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", sentAt: new Date().toISOString(), spooled: 0, dropped: 0 } });
    expect(answer.status).toBe(200);
  });
});

describe("an agent's batch weighed by its bytes", () => {
  it("refuses (429, nothing parsed) megabyte bodies that claim no results once the location's results bucket is spent", async () => {
    // About 1 MB of flat padding beside an empty batch.
    const body = `{"streamId":"bytes-stream-1","results":[],"pad":[${new Array(200_000).fill("1").join(",")},"${"x".repeat(600_000)}"]}`;
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 20 && !statuses.includes(429); i++) statuses.push((await call(results.POST, { method: "POST", path: "/api/agent/results", token: agentToken, rawBody: body })).status);
    expect(statuses).toContain(429);
    // The bucket holds 5,000 and refills 1,000 a second; each body weighs a token per KiB. A slow
    // machine's loop lets the refill in: that much more may pass, and no more.
    const cost = Math.ceil(Buffer.byteLength(body) / 1024);
    const refilled = Math.floor(((Date.now() - started) / 1000) * AGENT_RESULTS_PER_SECOND);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(Math.floor((AGENT_RESULTS_BURST + refilled) / cost));
  });
});
