import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as probesApi from "@/app/api/probes/route";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as proxiesApi from "@/app/api/proxies/route";
import * as routeApi from "@/app/api/routes/[id]/route";
import * as resultsApi from "@/app/api/routes/[id]/results/route";
import * as seriesApi from "@/app/api/routes/[id]/series/route";
import * as routesApi from "@/app/api/routes/route";
import * as statusApi from "@/app/api/status/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import * as metricsApi from "@/app/metrics/route";
import * as incidentApi from "@/app/api/incidents/[id]/route";
import * as alertRulesApi from "@/app/api/settings/alerts/route";
import * as incidentsApi from "@/app/api/incidents/route";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { writeCaFile } from "../helpers/probe-harness";
import { parsePrometheusText } from "../helpers/prometheus-text";
import { call, startTestService, type TestService } from "../helpers/test-service";

const FILE_KEY = "sk-file-key-SECRET-123456";
const PROXY_PASSWORD = "clash-PASS-secret";
const BROKE_KEY = "sk-broke-env-key-987654";
let api: FakeOpenAI;
let proxy: FakeProxy;
let test: TestService;
let caFile: string;

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, apiKeys: [FILE_KEY, BROKE_KEY] });
  proxy = await startHttpProxy({ auth: { username: "u", password: PROXY_PASSWORD } });
  test = await startTestService(`
intervalSeconds: 60
timeoutMs: 3000
probeNowCooldownSeconds: 0
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: ${FILE_KEY}
    model: gpt-4o-mini
    caFile: ${caFile}
  - name: broke
    baseUrl: ${api.baseUrl("quota")}
    apiKey: \${BROKE_API_KEY}
    caFile: ${caFile}
proxies:
  - name: direct
    url: direct
  - name: clash
    url: http://u:${PROXY_PASSWORD}@127.0.0.1:${proxy.port}
`, { env: { BROKE_API_KEY: BROKE_KEY } });
});

afterAll(async () => {
  await test?.stop();
  await api?.close();
  await proxy?.close();
});

const routeIdOf = async (target: string, proxyName: string) => {
  const { json } = await call(routesApi.GET);
  return (json.routes as Array<{ id: number; targetName: string; proxyName: string }>).find((r) => r.targetName === target && r.proxyName === proxyName)!.id;
};

describe("authentication", () => {
  it.each([
    ["GET /api/routes", () => call(routesApi.GET, { token: null })],
    ["GET /api/routes with a wrong token", () => call(routesApi.GET, { token: "not-the-token-at-all" })],
    ["POST /api/probes", () => call(probesApi.POST, { method: "POST", body: {}, token: null })],
    ["GET /api/proxies", () => call(proxiesApi.GET, { token: null })],
    ["POST /api/targets", () => call(targetsApi.POST, { method: "POST", body: { name: "x", baseUrl: "https://a/v1" }, token: null })],
    ["DELETE /api/proxies/1", () => call(proxyApi.DELETE, { method: "DELETE", params: { id: "1" }, token: null })],
    ["GET /metrics", () => call(metricsApi.GET, { token: null })],
  ])("%s needs the admin token (401)", async (_name, run) => {
    const response = await run();
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: { code: "unauthorized", message: expect.stringContaining("Bearer") } });
  });

  it("GET /api/status is public", async () => {
    expect((await call(statusApi.GET, { token: null })).status).toBe(200);
  });
});

describe("routes and probes", () => {
  it("lists a route for every proxy × target from the file", async () => {
    const { status, json } = await call(routesApi.GET);
    expect(status).toBe(200);
    expect(json.routes.map((r: { targetName: string; proxyName: string }) => `${r.targetName}/${r.proxyName}`).sort()).toEqual(["broke/clash", "broke/direct", "main/clash", "main/direct"]);
    expect(json.routes[0]).toMatchObject({ state: "unknown", last: null, windows: { "1h": { total: 0, uptime: null } } });
  });

  it("probes one route now, stores the result and shows it in the listing", async () => {
    const id = await routeIdOf("main", "clash");
    const tunnels = proxy.tunnels;
    const { status, json } = await call(probesApi.POST, { method: "POST", body: { routeId: id } });
    expect(status).toBe(200);
    expect(json.results).toHaveLength(1);
    expect(json.results[0]).toMatchObject({ routeId: id, ok: true, kind: "ok", route: "http://u:****@127.0.0.1:" + proxy.port });
    expect(proxy.tunnels).toBe(tunnels + 1);
    const route = (await call(routeApi.GET, { params: { id: String(id) } })).json.route;
    expect(route).toMatchObject({ state: "up", last: { ok: true, kind: "ok" }, windows: { "1h": { total: 1, ok: 1, uptime: 1 } } });
    expect(route.windows["1h"].p50).toBeGreaterThan(0);
  });

  it("probes every route, and a target without credit shows as quota_exhausted", async () => {
    const { json } = await call(probesApi.POST, { method: "POST", body: {} });
    expect(json.results).toHaveLength(4);
    const kinds = Object.fromEntries(json.results.map((r: { routeId: number; kind: string }) => [r.routeId, r.kind]));
    expect(kinds[await routeIdOf("broke", "direct")]).toBe("quota_exhausted");
    expect(kinds[await routeIdOf("main", "direct")]).toBe("ok");
    expect(JSON.stringify(json)).not.toContain(PROXY_PASSWORD);
    expect(JSON.stringify(json)).not.toContain("sk-broke-env-key-987654");
  });

  it.each([
    [{ routeId: 99_999 }, 404, "not_found"],
    [{ routeId: "one" }, 400, "invalid_input"],
    [{ route: 1 }, 400, "invalid_input"],
  ])("refuses probe input %j (%i)", async (body, status, code) => {
    const response = await call(probesApi.POST, { method: "POST", body });
    expect(response.status).toBe(status);
    expect(response.json.error.code).toBe(code);
  });

  it("refuses a body that is not JSON", async () => {
    const response = await call(probesApi.POST, { method: "POST", rawBody: "{nope" });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/not valid JSON/);
  });

  it("returns a route's raw results, newest first, with filters", async () => {
    const id = await routeIdOf("broke", "direct");
    await call(probesApi.POST, { method: "POST", body: { routeId: id } });
    const all = await call(resultsApi.GET, { params: { id: String(id) }, path: "/x?limit=1" });
    expect(all.status).toBe(200);
    expect(all.json.results).toHaveLength(1);
    expect(all.json.results[0]).toMatchObject({ ok: false, kind: "quota_exhausted", httpStatus: 429, apiErrorCode: "insufficient_quota" });
    const failures = await call(resultsApi.GET, { params: { id: String(await routeIdOf("main", "clash")) }, path: "/x?failures=true" });
    expect(failures.json.results).toEqual([]);
  });

  it.each([
    [{ id: "abc" }, "/x", 400],
    [{ id: "99999" }, "/x", 404],
    [{ id: "1" }, "/x?from=yesterday", 400],
    [{ id: "1" }, "/x?from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", 400],
    [{ id: "1" }, "/x?limit=0", 400],
    [{ id: "1" }, "/x?limit=5000", 400],
    [{ id: "1" }, "/x?colour=red", 400],
  ])("refuses results query %j %s (%i)", async (params, path, status) => {
    const response = await call(resultsApi.GET, { params, path });
    expect(response.status).toBe(status);
    expect(response.json.error.message.length).toBeGreaterThan(0);
  });

  it("serves chart series from the rollups, with a step", async () => {
    const id = await routeIdOf("main", "direct");
    const to = Date.now() + 60_000;
    const { status, json } = await call(seriesApi.GET, { params: { id: String(id) }, path: `/x?from=${to - 3_600_000}&to=${to}&step=5m` });
    expect(status).toBe(200);
    expect(json).toMatchObject({ routeId: id, stepMs: 300_000, source: "minute" });
    expect(json.points).toHaveLength(13);
    const filled = json.points.filter((p: { total: number }) => p.total > 0);
    expect(filled.reduce((sum: number, p: { ok: number }) => sum + p.ok, 0)).toBeGreaterThanOrEqual(1);
    expect(filled[0].phases).toMatchObject({ tls: expect.any(Number), ttfb: expect.any(Number) });
    const month = await call(seriesApi.GET, { params: { id: String(id) }, path: `/x?from=${to - 30 * 86_400_000}&to=${to}` });
    expect(month.json.source).toBe("hour");
    expect(month.json.points.length).toBeLessThanOrEqual(200);
  });

  it.each([["/x?step=90s"], ["/x?step=90m"], ["/x?step=soon"], ["/x?from=0&to=99999999999&step=1m"]])("refuses series query %s", async (path) => {
    const response = await call(seriesApi.GET, { params: { id: "1" }, path });
    expect(response.status).toBe(400);
  });
});

describe("managing proxies and targets", () => {
  it("creates a proxy whose password is write-only, then routes for it", async () => {
    const created = await call(proxiesApi.POST, { method: "POST", body: { name: "office", url: "socks5h://bob:office-PASS@127.0.0.1:1080" } });
    expect(created.status).toBe(201);
    expect(created.json.proxy).toMatchObject({ name: "office", url: "socks5h://bob:****@127.0.0.1:1080", hasPassword: true, source: "api", readOnly: false });
    expect(created.text).not.toContain("office-PASS");
    const stored = (await test.service.db.proxy.findUniqueOrThrow({ where: { name: "office" }, select: { url: true, passwordSecret: true } })) as { url: string; passwordSecret: string };
    expect(stored.url).toBe("socks5h://bob@127.0.0.1:1080");
    expect(stored.passwordSecret).toMatch(/^v1:/);
    expect(stored.passwordSecret).not.toContain("office-PASS");
    const routes = (await call(routesApi.GET)).json.routes.filter((r: { proxyName: string }) => r.proxyName === "office");
    expect(routes).toHaveLength(2);

    const listed = await call(proxiesApi.GET);
    expect(listed.text).not.toContain("office-PASS");
    expect(listed.text).not.toContain(PROXY_PASSWORD);
    const clash = listed.json.proxies.find((p: { name: string }) => p.name === "clash");
    expect(clash).toMatchObject({ readOnly: true, source: "file", hasPassword: true });

    const renamed = await call(proxyApi.PATCH, { method: "PATCH", params: { id: String(created.json.proxy.id) }, body: { name: "office-2", url: "socks5h://bob@127.0.0.1:1080" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.proxy).toMatchObject({ name: "office-2", url: "socks5h://bob:****@127.0.0.1:1080", hasPassword: true });

    const deleted = await call(proxyApi.DELETE, { method: "DELETE", params: { id: String(created.json.proxy.id) } });
    expect(deleted.status).toBe(200);
    expect((await call(routesApi.GET)).json.routes.filter((r: { proxyName: string }) => r.proxyName.startsWith("office"))).toHaveLength(0);
    expect((await call(proxyApi.GET, { params: { id: String(created.json.proxy.id) } })).status).toBe(404);
  });

  it.each([
    [{ name: "x", url: "ftp://h:1" }, 400, /Invalid proxy "ftp:\/\/h:1"/],
    [{ name: "", url: "direct" }, 400, /^name: Name is required$/],
    [{ name: "direct", url: "direct" }, 409, /A proxy named "direct" already exists/],
    [{ url: "direct" }, 400, /name/],
    [{ name: "x", url: "direct", extra: 1 }, 400, /Unrecognized key/],
  ])("refuses proxy %j (%i)", async (body, status, message) => {
    const response = await call(proxiesApi.POST, { method: "POST", body });
    expect(response.status).toBe(status);
    expect(response.json.error.message).toMatch(message);
  });

  it("keeps objects from proxypulse.yaml read-only", async () => {
    const clash = (await call(proxiesApi.GET)).json.proxies.find((p: { name: string }) => p.name === "clash");
    for (const response of [
      await call(proxyApi.PATCH, { method: "PATCH", params: { id: String(clash.id) }, body: { name: "renamed" } }),
      await call(proxyApi.DELETE, { method: "DELETE", params: { id: String(clash.id) } }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.json.error).toEqual({ code: "managed_by_file", message: expect.stringContaining("proxypulse.yaml") });
    }
    expect((await call(proxiesApi.GET)).json.proxies.some((p: { name: string }) => p.name === "clash")).toBe(true);
  });

  it("creates, edits and deletes a target with a masked, write-only key", async () => {
    const created = await call(targetsApi.POST, { method: "POST", body: { name: "local", baseUrl: "http://127.0.0.1:11434/v1", apiKey: "sk-local-WRITEONLY-42", probe: "models" } });
    expect(created.status).toBe(201);
    expect(created.json.target).toMatchObject({ name: "local", model: "gpt-4o-mini", probe: "models", apiKey: "sk-…Y-42", readOnly: false });
    expect(created.text).not.toContain("WRITEONLY");
    const id = String(created.json.target.id);
    const patched = await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { model: "llama3", apiKey: null, apiKeyEnv: "LOCAL_API_KEY" } });
    expect(patched.json.target).toMatchObject({ model: "llama3", apiKey: null, apiKeyEnv: "LOCAL_API_KEY" });
    const listed = await call(targetsApi.GET);
    expect(listed.text).not.toContain(FILE_KEY);
    expect(listed.json.targets.find((t: { name: string }) => t.name === "main").apiKey).toBe("sk-…3456");
    expect((await call(targetApi.DELETE, { method: "DELETE", params: { id } })).status).toBe(200);
    expect((await call(targetApi.GET, { params: { id } })).status).toBe(404);
  });

  it.each([
    [{ name: "t1", baseUrl: "ftp://x" }, 400, /baseUrl: Base URL must be an http\(s\) URL .*\(not ftp:\/\/\)/],
    [{ name: "t2", baseUrl: "https://a/v1", probe: "completions" }, 400, /probe/],
    [{ name: "t3", baseUrl: "https://a/v1", caFile: "/nonexistent/ca.pem" }, 400, /Cannot use CA file "\/nonexistent\/ca.pem": it must be a readable regular file/],
    [{ name: "t4", baseUrl: "https://a/v1", apiKey: "k", apiKeyEnv: "K_API_KEY" }, 400, /not both/],
    [{ name: "main", baseUrl: "https://a/v1" }, 409, /already exists/],
    [{ name: "t5", baseUrl: "https://a/v1", intervalSeconds: 1 }, 400, /intervalSeconds/],
  ])("refuses target %j (%i)", async (body, status, message) => {
    const response = await call(targetsApi.POST, { method: "POST", body });
    expect(response.status).toBe(status);
    expect(response.json.error.message).toMatch(message);
  });

  it("answers 404 for unknown ids and 400 for malformed ones", async () => {
    expect((await call(targetApi.PATCH, { method: "PATCH", params: { id: "424242" }, body: { model: "x" } })).status).toBe(404);
    expect((await call(targetApi.GET, { params: { id: "-1" } })).status).toBe(400);
  });
});

describe("incidents", () => {
  it("lists incidents publicly and lets an admin add a public note", async () => {
    const id = await routeIdOf("broke", "direct");
    // broke/direct has failed on every probe so far: probe until it is down.
    for (let i = 0; i < 3; i++) await call(probesApi.POST, { method: "POST", body: { routeId: id } });
    const listed = await call(incidentsApi.GET, { token: null });
    expect(listed.status).toBe(200);
    const incident = listed.json.incidents.find((entry: { routeId: number }) => entry.routeId === id);
    expect(incident).toMatchObject({ target: "broke", proxy: "direct", endedAt: null, kind: "quota_exhausted", note: null });
    expect(listed.text).not.toContain("127.0.0.1");

    const noted = await call(incidentApi.PATCH, { method: "PATCH", params: { id: String(incident.id) }, body: { note: "Billing contacted; top-up pending." } });
    expect(noted.json.incident).toEqual({ id: incident.id, note: "Billing contacted; top-up pending." });
    expect((await call(incidentApi.PATCH, { method: "PATCH", params: { id: String(incident.id) }, body: { note: "x" }, token: null })).status).toBe(401);
    expect((await call(incidentApi.PATCH, { method: "PATCH", params: { id: "99999" }, body: { note: "x" } })).status).toBe(404);
    expect((await call(incidentApi.PATCH, { method: "PATCH", params: { id: String(incident.id) }, body: { note: "y".repeat(501) } })).status).toBe(400);
    expect((await call(incidentsApi.GET, { path: "/x?from=soon", token: null })).status).toBe(400);
  });
});

describe("alert rules", () => {
  it("are the defaults until changed in the dashboard, then used at once", async () => {
    expect((await call(alertRulesApi.GET)).json).toEqual({ source: "default", rules: { downAfterFailures: 3, upAfterSuccesses: 2, cooldownMinutes: 30, quotaWarnPercent: 10, degradedAfterMinutes: 5 } });
    const bad = await call(alertRulesApi.PUT, { method: "PUT", body: { downAfterFailures: 0, upAfterSuccesses: 2, cooldownMinutes: 30, quotaWarnPercent: 10, degradedAfterMinutes: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/downAfterFailures/);
    const saved = await call(alertRulesApi.PUT, { method: "PUT", body: { downAfterFailures: 1, upAfterSuccesses: 1, cooldownMinutes: 5, quotaWarnPercent: 20, degradedAfterMinutes: 1 } });
    expect(saved.json).toMatchObject({ source: "dashboard", rules: { downAfterFailures: 1 } });
    // One failure is now enough for "down".
    const id = await routeIdOf("main", "direct");
    const { makeResult } = await import("../helpers/make-result");
    const route = test.service.catalog.get(id)!;
    await test.service.writer.write({ routeId: id, targetId: route.targetId, result: makeResult("timeout", Date.now()) });
    expect((await call(routeApi.GET, { params: { id: String(id) } })).json.route.state).toBe("down");
    expect((await call(alertRulesApi.PUT, { method: "PUT", body: {}, token: null })).status).toBe(401);
  });
});

describe("public status and metrics", () => {
  it("the status shows routes by name and health, and no host, port, key or password", async () => {
    const { status, json, text } = await call(statusApi.GET, { token: null });
    expect(status).toBe(200);
    expect(json.overall).toBe("degraded");
    expect(json.routes.map((r: { name: string }) => r.name).sort()).toEqual(["broke via clash", "broke via direct", "main via clash", "main via direct"]);
    for (const secret of ["127.0.0.1", String(proxy.port), new URL(api.origin).port, FILE_KEY, PROXY_PASSWORD, "sk-broke", "http"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("shows a host on the status page only when an admin marks it public, and never credentials", async () => {
    const created = await call(proxiesApi.POST, { method: "POST", body: { name: "shown", url: "http://u:SHOWN-pass@127.0.0.1:7999", publicHost: true } });
    expect(created.json.proxy.publicHost).toBe(true);
    const main = (await call(targetsApi.GET)).json.targets.find((t: { name: string }) => t.name === "main");
    expect(main.publicHost).toBe(false);
    const { json, text } = await call(statusApi.GET, { token: null });
    const shown = json.routes.find((r: { proxy: string; target: string }) => r.proxy === "shown" && r.target === "main");
    expect(shown).toMatchObject({ proxyHost: "127.0.0.1:7999" });
    expect(shown.targetHost).toBeUndefined();
    expect(text).not.toContain("SHOWN-pass");
    expect(text).not.toContain(new URL(api.origin).port);
    await call(proxyApi.DELETE, { method: "DELETE", params: { id: String(created.json.proxy.id) } });
  });

  it("/metrics is valid Prometheus text with counts by kind, latency histograms, state and quota", async () => {
    const { status, text, headers } = await call(metricsApi.GET);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusText(text);
    const probes = families.get("proxypulse_probes_total")!;
    expect(probes.type).toBe("counter");
    const quotaCount = probes.samples.filter((s) => s.labels.kind === "quota_exhausted").reduce((sum, s) => sum + s.value, 0);
    expect(quotaCount).toBeGreaterThanOrEqual(3);
    const histogram = families.get("proxypulse_probe_duration_seconds")!;
    expect(histogram.type).toBe("histogram");
    const mainCount = histogram.samples.find((s) => s.name.endsWith("_count") && s.labels.target === "main" && s.labels.proxy === "direct")!;
    expect(mainCount.value).toBeGreaterThanOrEqual(1);
    expect(histogram.samples.some((s) => s.labels.le === "0.25")).toBe(true);
    expect(families.get("proxypulse_route_state")!.samples.filter((s) => s.value === 1)).toHaveLength(4);
    expect(families.get("proxypulse_quota_exhausted")!.samples.find((s) => s.labels.target === "broke")?.value).toBe(1);
    // Where Prometheus's own checker is installed (CI installs it), it must agree.
    const promtool = process.env.PROMTOOL ?? "/usr/bin/promtool";
    if (existsSync(promtool)) {
      expect(() => execFileSync(promtool, ["check", "metrics"], { input: text, stdio: ["pipe", "pipe", "pipe"] })).not.toThrow();
    }
    expect(text).not.toContain(PROXY_PASSWORD);
  });
});
