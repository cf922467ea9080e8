import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as probesApi from "@/app/api/probes/route";
import * as proxiesApi from "@/app/api/proxies/route";
import * as sessionApi from "@/app/api/session/route";
import { createSession, endSession, SESSION_TTL_MS, verifySession } from "@/lib/auth/session";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { writeCaFile } from "../helpers/probe-harness";
import { ADMIN_TOKEN, startTestService, type TestService } from "../helpers/test-service";

let api: FakeOpenAI;
let test: TestService;

beforeAll(async () => {
  api = await startFakeOpenAI({ tls: (await testPki()).server, apiKeys: ["sk-session-test"] });
  const caFile = await writeCaFile();
  test = await startTestService(`
probeNowCooldownSeconds: 10
targets:
  - name: t
    baseUrl: ${api.baseUrl("ok")}
    apiKey: sk-session-test
    probe: models
    caFile: ${caFile}
proxies:
  - name: direct
    url: direct
`);
});

afterAll(async () => {
  await test?.stop();
  await api?.close();
});

const noParams = { params: Promise.resolve({}) };

function request(path: string, init: RequestInit & { cookie?: string; origin?: string | null } = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("host", "dash.example:3000");
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.origin) headers.set("origin", init.origin);
  return new Request(`http://dash.example:3000${path}`, { ...init, headers });
}

async function login(): Promise<string> {
  const response = await sessionApi.POST(request("/api/session", { method: "POST", body: JSON.stringify({ token: ADMIN_TOKEN }), headers: { "content-type": "application/json" } }), noParams);
  expect(response.status).toBe(204);
  const cookie = response.headers.get("set-cookie")!;
  expect(cookie).toMatch(/^pp_session=v2\.\d+\.[\w-]{43}\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
  return cookie.split(";")[0]!;
}

describe("dashboard sessions", () => {
  it("exchange the admin token for an httpOnly cookie that opens admin endpoints", async () => {
    const cookie = await login();
    const listed = await proxiesApi.GET(request("/api/proxies", { cookie }), noParams);
    expect(listed.status).toBe(200);
    const status = await sessionApi.GET(request("/api/session", { cookie }), noParams);
    expect(await status.json()).toEqual({ authenticated: true });
  });

  it("refuse a wrong token, and answer the no-JavaScript form with redirects", async () => {
    const wrong = await sessionApi.POST(request("/api/session", { method: "POST", body: JSON.stringify({ token: "nope-nope-nope" }), headers: { "content-type": "application/json" } }), noParams);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const form = await sessionApi.POST(
      request("/api/session", { method: "POST", body: `token=${ADMIN_TOKEN}&next=%2Froutes%2F1`, headers: { "content-type": "application/x-www-form-urlencoded" } }),
      noParams,
    );
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/routes/1");
    expect(form.headers.get("set-cookie")).toMatch(/^pp_session=/);
    const badForm = await sessionApi.POST(
      request("/api/session", { method: "POST", body: "token=wrong&next=https%3A%2F%2Fevil.example", headers: { "content-type": "application/x-www-form-urlencoded" } }),
      noParams,
    );
    expect(badForm.headers.get("location")).toBe("/login?error=wrong&next=%2F");
  });

  it("reject forged, expired or foreign cookies", async () => {
    const expired = (await createSession(test.service.db, ADMIN_TOKEN, Date.now() - 8 * 86_400_000)).value;
    const otherToken = (await createSession(test.service.db, "another-admin-token-entirely-0123456789")).value;
    const valid = (await login()).slice("pp_session=".length);
    const [, expiry, id] = valid.split(".");
    const unsigned = `v2.${expiry}.${id}.${"A".repeat(43)}`;
    for (const value of [expired, otherToken, unsigned, "v1.9999999999999.forged", "garbage", "%E0%A4%A"]) {
      const response = await proxiesApi.GET(request("/api/proxies", { cookie: `pp_session=${value}` }), noParams);
      expect(response.status).toBe(401);
    }
  });

  it("last their TTL to the millisecond, end for good when logged out, and leave no expired row behind a new one", async () => {
    const { db } = test.service;
    const start = Date.now() - SESSION_TTL_MS - 60_000;
    const old = await createSession(db, ADMIN_TOKEN, start);
    expect(await verifySession(db, old.value, ADMIN_TOKEN, start + SESSION_TTL_MS - 1)).toBe(true);
    expect(await verifySession(db, old.value, ADMIN_TOKEN, start + SESSION_TTL_MS)).toBe(false);
    const fresh = await createSession(db, ADMIN_TOKEN);
    // The new session's start cleared the expired one's row.
    expect(await db.dashboardSession.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0);
    expect(await verifySession(db, old.value, ADMIN_TOKEN, start + 1000)).toBe(false);
    expect(await verifySession(db, fresh.value, ADMIN_TOKEN)).toBe(true);
    await endSession(db, fresh.value);
    expect(await verifySession(db, fresh.value, ADMIN_TOKEN)).toBe(false);
    // Ending it again, or a cookie that is no session, is no error.
    await endSession(db, fresh.value);
    await endSession(db, "garbage");
  });

  it("refuse a cookie-authenticated change from another origin (CSRF), but not one from this origin", async () => {
    const cookie = await login();
    const body = JSON.stringify({ name: "from-csrf", url: "direct" });
    const headers = { "content-type": "application/json" };
    const foreign = await proxiesApi.POST(request("/api/proxies", { method: "POST", body, headers, cookie, origin: "https://evil.example" }), noParams);
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe("csrf_failed");
    const missing = await proxiesApi.POST(request("/api/proxies", { method: "POST", body, headers, cookie }), noParams);
    expect(missing.status).toBe(403);
    const same = await proxiesApi.POST(request("/api/proxies", { method: "POST", body, headers, cookie, origin: "http://dash.example:3000" }), noParams);
    expect(same.status).toBe(201);
  });
});

describe("probe now", () => {
  it("is rate-limited per route, with a clear message", async () => {
    const cookie = await login();
    const post = () =>
      probesApi.POST(request("/api/probes", { method: "POST", body: JSON.stringify({ routeId: 1 }), headers: { "content-type": "application/json" }, cookie, origin: "http://dash.example:3000" }), noParams);
    expect((await post()).status).toBe(200);
    const again = await post();
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await again.json()).error.message).toMatch(/probed moments ago; try again in \d+ s \(probes cost quota\)/);
  });
});
