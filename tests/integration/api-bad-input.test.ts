import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { call, startTestService, type TestService } from "../helpers/test-service";

/*
 * Every API route, found by walking app/ (so a new route is covered without
 * editing this file), is sent a table of bad inputs as the admin. None may
 * answer 500: a caller's mistake is a 4xx `{ error: { code, message } }` that
 * says what is wrong.
 */

const APP_DIR = join(__dirname, "../../app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function findRouteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findRouteFiles(path);
    return name === "route.ts" ? [path] : [];
  });
}

/** The URL path and the dynamic segments' names of a route file (route groups dropped). */
function describeRoute(file: string): { path: string; segments: string[] } {
  const parts = relative(APP_DIR, file).split(sep).slice(0, -1).filter((part) => !/^\(.*\)$/.test(part));
  const segments = parts.filter((part) => /^\[.+\]$/.test(part)).map((part) => part.slice(1, -1));
  return { path: "/" + parts.join("/"), segments };
}

const routeFiles = findRouteFiles(APP_DIR).sort();

const BAD_IDS = ["2147483648", "abc", "-1", "0", "1.5", "1e309", "0x10", "99999999999999999999999", " 1", "", "%00", "999999"];

/** Bodies that are not what any endpoint takes: raw text as sent on the wire. */
const BAD_BODIES: Array<[string, string]> = [
  ["not JSON", "this is { not json"],
  ["truncated JSON", '{"name": "x"'],
  ["an array", "[]"],
  ["an array of objects", '[{"name":"x"}]'],
  ["a number", "42"],
  ["a huge number", "1e309"],
  ["null", "null"],
  ["a string", '"hello"'],
  ["true", "true"],
  ["an unknown field", '{"definitelyNotAField": 1}'],
  ["nested garbage", '{"target": {"baseUrl": 5}, "proxyUrl": []}'],
  ["a socks4 proxy to test", '{"proxyUrl": "socks4://127.0.0.1:1080", "target": {"baseUrl": "http://127.0.0.1:9/v1"}}'],
  ["a proxy URL that is not one", '{"proxyUrl": "::::", "target": {"baseUrl": "http://127.0.0.1:9/v1"}}'],
  ["a socks4 proxy to save", '{"name": "s4", "url": "socks4://127.0.0.1:1080"}'],
  ["a base URL that is not one", '{"name": "t", "baseUrl": "not a url"}'],
  ["routeId -1", '{"routeId": -1}'],
  ["routeId 1e309", '{"routeId": 1e309}'],
  ["routeId as text", '{"routeId": "abc"}'],
  ["routeId huge", '{"routeId": 99999999999999999999999}'],
  ["routeId past the 32-bit ids", '{"routeId": 1099511627776}'],
  ["proxyId past the 32-bit ids", '{"proxyId": 1099511627776, "targetId": 1}'],
  ["proxyId/targetId not found", '{"proxyId": 999999, "targetId": 999999}'],
  ["from after to", '{"routes": ["*"], "from": "2030-01-01T00:00:00Z", "to": "2020-01-01T00:00:00Z"}'],
  ["dates that are not dates", '{"routes": ["*"], "from": "notadate", "to": 5}'],
];

/** Fields the endpoints know, each sent with values of the wrong type. */
const FIELDS = [
  "name", "url", "publicHost", "clearPassword", "baseUrl", "model", "provider", "probe", "apiKey", "apiKeyEnv", "caFile", "intervalSeconds", "timeoutMs",
  "proxyUrl", "proxyId", "targetId", "target", "routeId", "note", "routes", "from", "to", "type", "lang", "enabled", "settings", "rules",
  "downAfter", "channels", "webhookUrl", "chatId", "kind", "consecutiveFailures", "latencyThresholdMs", "latencyWindow",
];
const WRONG_VALUES: unknown[] = [123, -1, 1.5, [], [1, "x"], {}, { nested: { deep: true } }, null, true, "", "x".repeat(5000)];

const BAD_QUERIES = [
  "from=notadate", "to=notadate", "from=2030-01-01&to=2020-01-01", "from=-5", "from=1e309", "limit=-1", "limit=abc", "limit=0", "limit=1e309",
  "limit=99999999999999999999", "step=bogus", "step=-1m", "step=0", "step=1s", "step=99999999999d", "target=", "target=%00", "failures=maybe",
  "label=" + "x".repeat(500), "lang=xx", "theme=neon", "back=https://evil.example/", "unknown=1", "from=0&to=99999999999999999",
];

let api: FakeOpenAI;
let test: TestService;

beforeAll(async () => {
  api = await startFakeOpenAI();
  test = await startTestService(`
intervalSeconds: 60
timeoutMs: 2000
probeNowCooldownSeconds: 0
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: ${api.apiKey}
proxies:
  - name: direct
    url: direct
`);
});

afterAll(async () => {
  await test?.stop();
  await api?.close();
});

type Handler = Parameters<typeof call>[0];

interface Case {
  label: string;
  params: Record<string, string>;
  query?: string;
  rawBody?: string;
}

function casesFor(method: string, segments: string[]): Case[] {
  const params = (id: string) => Object.fromEntries(segments.map((name) => [name, id]));
  // An id that exists where one is needed, so that bodies reach the verb (never deleted: DELETE gets bad ids only).
  const good = params(method === "DELETE" ? "999999" : "1");
  const cases: Case[] = [];
  if (segments.length > 0) for (const id of BAD_IDS) cases.push({ label: `id ${JSON.stringify(id)}`, params: params(id) });
  for (const query of BAD_QUERIES) cases.push({ label: `?${query.slice(0, 40)}`, params: good, query });
  if (BODY_METHODS.has(method)) {
    for (const [label, rawBody] of BAD_BODIES) cases.push({ label: `body: ${label}`, params: good, rawBody });
    for (const field of FIELDS) {
      for (const value of WRONG_VALUES) cases.push({ label: `body: ${field}=${JSON.stringify(value).slice(0, 20)}`, params: good, rawBody: JSON.stringify({ [field]: value }) });
    }
  }
  return cases;
}

describe.each(routeFiles.map((file) => [describeRoute(file).path, file]))("%s", (path, file) => {
  it("answers every bad input with a 4xx { error: { code, message } }, never a 500", async () => {
    const module = (await import(file)) as Record<string, unknown>;
    const methods = METHODS.filter((method) => typeof module[method] === "function");
    expect(methods.length).toBeGreaterThan(0);
    const { segments } = describeRoute(file);
    const failures: string[] = [];
    for (const method of methods) {
      for (const testCase of casesFor(method, segments)) {
        const requestPath = `${path}${testCase.query ? `?${testCase.query}` : ""}`;
        const response = await call(module[method] as Handler, { method, path: requestPath, params: testCase.params, rawBody: testCase.rawBody });
        const where = `${method} ${path} ${testCase.label} → ${response.status} ${response.text.slice(0, 160)}`;
        if (response.status >= 500 && !(response.status === 503 && response.json?.error?.code === "no_healthy_route")) failures.push(where);
        else if (response.status >= 400) {
          const error = response.json?.error;
          const wellShaped = error && typeof error.code === "string" && error.code !== "" && typeof error.message === "string" && error.message.length > 3;
          if (!wellShaped) failures.push(`${where} (not { error: { code, message } })`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe("the precise message reaches the caller", () => {
  it("Test before saving with a socks4:// proxy is a 400 that names the accepted forms", async () => {
    const { POST } = await import("@/app/api/probes/test/route");
    const { status, json } = await call(POST, { method: "POST", body: { proxyUrl: "socks4://127.0.0.1:1080", target: { baseUrl: api.baseUrl("ok") } } });
    expect(status).toBe(400);
    expect(json.error.code).toBe("invalid_input");
    expect(json.error.message).toContain('the scheme "socks4" is not supported');
    expect(json.error.message).toContain("socks5://");
  });

  it("an unparseable proxy thrown by any verb maps to a 400 with the parser's message", async () => {
    const { errorResponse } = await import("@/lib/http/error-response");
    const { parseProxySpec } = await import("@/lib/routes/parse-proxy-spec");
    let thrown: unknown;
    try {
      parseProxySpec("gopher://h:1");
    } catch (error) {
      thrown = error;
    }
    const response = errorResponse(thrown);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_input", message: expect.stringContaining('the scheme "gopher" is not supported') } });
  });

  it.each(["99999999999999999999999", "2147483648"])("an id past the stored range (%s) is a 400 that says so", async (id) => {
    const { GET } = await import("@/app/api/proxies/[id]/route");
    const { status, json } = await call(GET, { params: { id } });
    expect(status).toBe(400);
    expect(json.error.message).toContain("at most 2147483647");
  });
});

it("finds the route files (the walk works)", () => {
  expect(routeFiles.map((file) => describeRoute(file).path)).toEqual(expect.arrayContaining(["/api/proxies/[id]", "/api/probes/test", "/metrics", "/healthz", "/readyz", "/status"]));
});
