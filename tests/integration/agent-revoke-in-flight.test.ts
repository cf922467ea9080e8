import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as heartbeat from "@/app/api/agent/heartbeat/route";
import * as results from "@/app/api/agent/results/route";
import * as locations from "@/app/api/locations/route";
import * as location from "@/app/api/locations/[id]/route";
import * as locationToken from "@/app/api/locations/[id]/token/route";
import { makeResult } from "../helpers/make-result";
import { call, startTestService, type TestService } from "../helpers/test-service";

// A token is checked when the request arrives; its body may take a while to
// come (a slow link, or a revoked agent sending slowly on purpose: the server
// waits minutes for a body). A location revoked, or its token rotated, while
// the body was on its way must not then be marked online (and announced
// "agent.online", though revoked) nor have the batch stored.

let test: TestService;

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: main
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-in-flight
proxies:
  - name: direct
    url: direct
`);
});

afterAll(async () => {
  await test?.stop();
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Sends the request's headers, then the body only once `release` is called (after the handler began reading it). */
function slowRequest(path: string, token: string) {
  let push: ((text: string) => void) | null = null;
  let reading: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (reading = resolve));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      reading();
      return new Promise<void>((resolve) => {
        push = (text) => {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
          resolve();
        };
      });
    },
  });
  const request = new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body, duplex: "half" } as RequestInit);
  return { request, started, release: (text: string) => push!(text) };
}

async function newLocation(name: string): Promise<{ id: number; token: string; routeId: number }> {
  const made = await call(locations.POST, { method: "POST", path: "/api/locations", body: { name } });
  expect(made.status).toBe(201);
  const db = test.service.sqlite!;
  db.prepare(`INSERT OR IGNORE INTO "Route" (proxyId, targetId, locationId, assigned, createdAt) SELECT proxyId, targetId, ?, 1, ? FROM "Route" WHERE locationId = 1`).run(made.json.id, Date.now());
  db.prepare(`UPDATE "Route" SET assigned = 1 WHERE locationId = ?`).run(made.json.id);
  const routeId = db.prepare(`SELECT id FROM "Route" WHERE locationId = ?`).pluck().get(made.json.id) as number;
  return { id: made.json.id, token: made.json.token, routeId };
}

const revoke = (id: number) => call(location.DELETE, { method: "DELETE", path: `/api/locations/${id}`, params: { id: String(id) } });
const rotate = (id: number) => call(locationToken.POST, { method: "POST", path: `/api/locations/${id}/token`, params: { id: String(id) } });

describe("a token revoked or rotated while the request's body is on its way", () => {
  const endpoints: Array<[string, Handler, string, (routeId: number) => unknown]> = [
    ["POST /api/agent/heartbeat", heartbeat.POST as Handler, "/api/agent/heartbeat", () => ({ version: "slow", sentAt: new Date().toISOString(), spooled: 0, dropped: 0 })],
    ["POST /api/agent/results", results.POST as Handler, "/api/agent/results", (routeId) => ({ streamId: "in-flight-stream", results: [{ seq: 1, routeId, result: makeResult("ok", Date.now()) }] })],
  ];
  const changes: Array<[string, (id: number) => Promise<unknown>]> = [
    ["revoked", revoke],
    ["rotated", rotate],
  ];
  let n = 0;
  for (const [endpoint, handler, path, body] of endpoints) {
    for (const [how, change] of changes) {
      it(`${endpoint}, ${how}: 401, the location not marked online nor announced, nothing stored`, async () => {
        const place = await newLocation(`in-flight-${++n}`);
        const db = test.service.sqlite!;
        const slow = slowRequest(path, place.token);
        const answer = handler(slow.request, { params: Promise.resolve({}) });
        await slow.started;
        await change(place.id);
        slow.release(JSON.stringify(body(place.routeId)));
        const response = await answer;
        expect(response.status).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("agent_token_invalid");
        expect(db.prepare(`SELECT online FROM "Location" WHERE id = ?`).pluck().get(place.id)).toBe(0);
        expect(db.prepare(`SELECT COUNT(*) FROM "OutboxMessage" WHERE event = 'agent.online' AND payload LIKE ?`).pluck().get(`%"id":${place.id},%`)).toBe(0);
        expect(db.prepare(`SELECT COUNT(*) FROM "ProbeResult" WHERE routeId = ?`).pluck().get(place.routeId)).toBe(0);
        expect(db.prepare(`SELECT agentVersion FROM "Location" WHERE id = ?`).pluck().get(place.id)).toBeNull();
      });
    }
  }
});
