import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bestRouteApi from "@/app/api/best-route/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { makeResult } from "../helpers/make-result";
import { runCli } from "../helpers/run-cli";
import { serveHandlers } from "../helpers/serve-handler";
import { ADMIN_TOKEN, call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
let server: Awaited<ReturnType<typeof serveHandlers>>;

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-best-route-test
  - name: lonely
    baseUrl: https://lonely.example.test/v1
    apiKey: sk-best-route-test
proxies:
  - name: dead
    url: http://127.0.0.1:9101
  - name: slow
    url: socks5h://sam:slow-pass@127.0.0.1:9102
  - name: flappy
    url: http://127.0.0.1:9103
  - name: good
    url: http://gina:GOOD-secret@127.0.0.1:9104
`);
  const routes = test.service.catalog.list();
  const now = Date.now();
  const batch: ResultToRecord[] = [];
  for (let minute = 50; minute >= 1; minute--) {
    const at = now - minute * 60_000;
    for (const route of routes) {
      let kind: OutcomeKind = "ok";
      let totalMs = 300;
      if (route.proxyName === "dead") kind = "proxy_unreachable";
      if (route.proxyName === "slow") totalMs = 1500;
      if (route.proxyName === "flappy") [kind, totalMs] = [minute % 3 === 0 ? "timeout" : "ok", 80];
      if (route.targetName === "lonely" && route.proxyName !== "dead") kind = "connection_reset";
      batch.push({ routeId: route.id, targetId: route.targetId, result: makeResult(kind, at, totalMs) });
    }
  }
  await test.service.store.results.record(batch, { downAfterFailures: 3, upAfterSuccesses: 2 }, Date.now());
  await test.service.store.summaries.refreshWritten(routes.map((route) => route.id), now);
  server = await serveHandlers({ "/api/best-route": bestRouteApi.GET as never });
});

afterAll(async () => {
  await server?.close();
  await test?.stop();
});

describe("GET /api/best-route", () => {
  it("picks the healthy, fast route over the dead, the slow and the fast-but-flapping ones, with the evidence", async () => {
    const { status, json } = await call(bestRouteApi.GET, { path: "/x?target=api" });
    expect(status).toBe(200);
    expect(json.route).toMatchObject({ proxyName: "good", proxy: "http://gina:GOOD-secret@127.0.0.1:9104", credentialsIncluded: true });
    expect(json.evidence).toMatchObject({ proxyName: "good", state: "up", successRate: 1, probesLastHour: 50 });
    expect(json.evidence.p50Ms).toBeGreaterThan(250);
    expect(json.evidence.p50Ms).toBeLessThan(350);
    const rejected = Object.fromEntries(json.candidates.map((c: { proxyName: string; rejected: string | null }) => [c.proxyName, c.rejected]));
    expect(rejected).toEqual({
      dead: "state down",
      slow: expect.stringMatching(/^slower: p50 1\d{3} ms against \d{3} ms$/),
      flappy: expect.stringMatching(/^(state degraded|success rate 6\d\.\d% below 95%)$/),
      good: null,
    });
  });

  it("shows anonymous callers names only: no proxy URL, host, port, user or base URL", async () => {
    const { json, text } = await call(bestRouteApi.GET, { path: "/x?target=api", token: null });
    expect(json.route).toEqual({ id: expect.any(Number), proxyName: "good", proxy: null, resolvedProxy: null, baseUrl: null, credentialsIncluded: false });
    for (const hidden of ["GOOD-secret", "gina", "127.0.0.1", "9104", "9102", "api.example.test", "sam"]) expect(text).not.toContain(hidden);
  });

  it("shows anonymous callers the hosts an admin marked public, as the status page does, never credentials", async () => {
    const { db } = test.service;
    await db.proxy.update({ where: { name: "good" }, data: { publicHost: true } });
    await db.target.update({ where: { name: "api" }, data: { publicHost: true } });
    try {
      const { json, text } = await call(bestRouteApi.GET, { path: "/x?target=api", token: null });
      expect(json.route).toMatchObject({ proxyName: "good", proxy: null, baseUrl: null, proxyHost: "127.0.0.1:9104", targetHost: "api.example.test", credentialsIncluded: false });
      expect(text).not.toContain("GOOD-secret");
      expect(text).not.toContain("gina");
    } finally {
      await db.proxy.update({ where: { name: "good" }, data: { publicHost: false } });
      await db.target.update({ where: { name: "api" }, data: { publicHost: false } });
    }
  });

  it("answers 503 with the reason when no route is healthy, 404 for an unknown target, 400 without one", async () => {
    const none = await call(bestRouteApi.GET, { path: "/x?target=lonely" });
    expect(none.status).toBe(503);
    expect(none.json.error).toMatchObject({ code: "no_healthy_route", message: expect.stringContaining('no route to "lonely" is healthy: dead (state down)') });
    expect(none.json.error.details).toHaveLength(4);
    expect((await call(bestRouteApi.GET, { path: "/x?target=nope" })).status).toBe(404);
    expect((await call(bestRouteApi.GET, { path: "/x" })).status).toBe(400);
  });
});

describe("proxypulse best-route", () => {
  it("prints shell exports a shell can eval", async () => {
    const run = await runCli(["best-route", "--target", "api", "--format", "env", "--server", server.url], { PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# ProxyPulse: best route to api is good \(p50 \d+ ms, 100\.0% of 50 probes in the last hour\)$/m);
    expect(run.stdout).toContain("export HTTPS_PROXY='http://gina:GOOD-secret@127.0.0.1:9104'");
    expect(run.stdout).toContain("export http_proxy='http://gina:GOOD-secret@127.0.0.1:9104'");
  });

  it("prints JSON, and fails clearly without credentials, without a healthy route, or for an unknown target", async () => {
    const json = await runCli(["best-route", "--target", "api", "--server", server.url, "--token", ADMIN_TOKEN]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).route.proxyName).toBe("good");
    const masked = await runCli(["best-route", "--target", "api", "--format", "env", "--server", server.url]);
    expect(masked.code).toBe(1);
    expect(masked.stderr).toMatch(/credentials were not included/);
    expect(masked.stdout).toBe("");
    const none = await runCli(["best-route", "--target", "lonely", "--format", "env", "--server", server.url, "--token", ADMIN_TOKEN]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no route to "lonely" is healthy/);
    const unknown = await runCli(["best-route", "--target", "nope", "--server", server.url]);
    expect(unknown.code).toBe(2);

    const down = await runCli(["best-route", "--target", "api", "--server", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach ProxyPulse at http:\/\/127\.0\.0\.1:9/);
    expect((await runCli(["best-route"])).code).toBe(2);
  }, 60_000);

  it("names the targets there are when the target is unknown, as text and as JSON", async () => {
    const unknown = await runCli(["best-route", "--target", "nope", "--server", server.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Target "nope" not found; the targets are: api, lonely.');
    const unknownJson = await runCli(["best-route", "--target", "nope", "--server", server.url, "--json"]);
    expect(unknownJson.code).toBe(2);
    expect(JSON.parse(unknownJson.stdout)).toEqual({ error: { code: "not_found", message: 'Target "nope" not found; the targets are: api, lonely.' } });
    }, 60_000);
});
