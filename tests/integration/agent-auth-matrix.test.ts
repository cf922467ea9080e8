import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as assignment from "@/app/api/agent/assignment/route";
import * as heartbeat from "@/app/api/agent/heartbeat/route";
import * as results from "@/app/api/agent/results/route";
import * as locations from "@/app/api/locations/route";
import * as location from "@/app/api/locations/[id]/route";
import * as locationToken from "@/app/api/locations/[id]/token/route";
import { call, startTestService, ADMIN_TOKEN, type TestService } from "../helpers/test-service";

// Every agent endpoint and every locations endpoint against every kind of
// wrong credential: each refused with 401, the answer never echoing what was
// sent; an agent token never grants admin, the admin token is no agent token.

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
  const made = await call(locations.POST, { method: "POST", path: "/api/locations", body: { name: "auth-place" } });
  expect(made.status).toBe(201);
  agentToken = made.json.token;
  agentId = made.json.id;
});

afterAll(async () => {
  await test?.stop();
});

type Handler = Parameters<typeof call>[0];
const agentEndpoints: Array<[string, Handler, string, unknown]> = [
  ["GET /api/agent/assignment", assignment.GET as Handler, "GET", undefined],
  ["POST /api/agent/heartbeat", heartbeat.POST as Handler, "POST", { version: "x", sentAt: new Date().toISOString(), spooled: 0, dropped: 0 }],
  ["POST /api/agent/results", results.POST as Handler, "POST", { streamId: "auth-stream-1", results: [] }],
];
const adminEndpoints = (): Array<[string, Handler, string, Record<string, string>, unknown]> => [
  ["GET /api/locations", locations.GET as Handler, "GET", {}, undefined],
  ["POST /api/locations", locations.POST as Handler, "POST", {}, { name: "sneaky" }],
  ["GET /api/locations/:id", location.GET as Handler, "GET", { id: String(agentId) }, undefined],
  ["PATCH /api/locations/:id", location.PATCH as Handler, "PATCH", { id: String(agentId) }, { region: "x" }],
  ["DELETE /api/locations/:id", location.DELETE as Handler, "DELETE", { id: String(agentId) }, undefined],
  ["POST /api/locations/:id/token", locationToken.POST as Handler, "POST", { id: String(agentId) }, undefined],
];
const wrong = (): Array<[string, string | null]> => [
  ["no token", null],
  ["an empty bearer", ""],
  ["10 KB of token", `ppa_${"A".repeat(10_000)}`],
  ["a token with a Latin-1 letter", agentToken.replace("_", "\u00e9")],
  ["the token with a trailing NUL", `${agentToken}\u0000`.replace(/\u0000/, "%00")],
  ["the token's SHA-256", "a".repeat(64)],
];

describe("the agent endpoints", () => {
  for (const [name, handler, method, body] of agentEndpoints) {
    it(`${name} refuses every wrong token, the admin token included, with 401 agent_token_invalid`, async () => {
      for (const [what, token] of [...wrong(), ["the admin token", ADMIN_TOKEN] as [string, string]]) {
        const answer = await call(handler, { method, path: name.split(" ")[1]!, body, token });
        expect(answer.status, `${what}: ${answer.text}`).toBe(401);
        expect(answer.json.error.code).toBe("agent_token_invalid");
        if (token) expect(answer.text).not.toContain(token.slice(0, 40));
      }
    });
  }
});

describe("rotation and revocation", () => {
  it("a rotated token is refused at once, the new one taken; a revoked one refused", async () => {
    const made = await call(locations.POST, { method: "POST", path: "/api/locations", body: { name: "rotating" } });
    const id = made.json.id as number;
    const rotated = await call(locationToken.POST, { method: "POST", path: `/api/locations/${id}/token`, params: { id: String(id) } });
    expect(rotated.status).toBe(200);
    const old = await call(assignment.GET, { path: "/api/agent/assignment", token: made.json.token });
    expect(old.status).toBe(401);
    expect((await call(assignment.GET, { path: "/api/agent/assignment", token: rotated.json.token })).status).toBe(200);
    expect((await call(location.DELETE, { method: "DELETE", path: `/api/locations/${id}`, params: { id: String(id) } })).status).toBe(200);
    expect((await call(assignment.GET, { path: "/api/agent/assignment", token: rotated.json.token })).status).toBe(401);
    // Revoking twice is the same revocation.
    expect((await call(location.DELETE, { method: "DELETE", path: `/api/locations/${id}`, params: { id: String(id) } })).status).toBe(200);
  });
});

// Last: wrong admin tokens count against this client's login budget (429 once spent).
describe("the locations endpoints (admin)", () => {
  it("refuse the agent token and every wrong one with 401, changing nothing", async () => {
    for (const [name, handler, method, params, body] of adminEndpoints()) {
      for (const [what, token] of [...wrong(), ["the agent token", agentToken] as [string, string]]) {
        const answer = await call(handler, { method, path: name.split(" ")[1]!.replace(":id", String(agentId)), params, body, token });
        expect([401, 429], `${name} with ${what}: ${answer.text}`).toContain(answer.status);
        if (token) expect(answer.text).not.toContain(token.slice(0, 40));
      }
    }
    // Nothing changed: the location is as made, its token still works.
    const rows = test.service.sqlite!.prepare(`SELECT name, region, revokedAt FROM "Location" ORDER BY id`).all();
    expect(rows).toEqual([{ name: "local", region: null, revokedAt: null }, { name: "auth-place", region: null, revokedAt: null }, expect.objectContaining({ name: "rotating" })]);
    const still = await call(heartbeat.POST, { method: "POST", path: "/api/agent/heartbeat", body: agentEndpoints[1]![3], token: agentToken });
    expect(still.status).toBe(200);
  });

});
