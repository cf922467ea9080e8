import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTCOME_KIND_NAMES, type OutcomeKind } from "@/lib/classify/kinds";
import { testPki } from "../fixtures/certificates";
import { SIMULATED_API_KEY, startFakeOpenAI, startNonHttpServer, type FakeOpenAI, type Scenario } from "@/lib/simulator/simulated-api";
import { closedPort, startBlackhole, startHangUpListener, startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { startFixtureScript } from "../fixtures/fixtures-process";
import type { StreamGateways } from "../fixtures/serve-stream-gateways";
import { startUnacceptingListener, type UnacceptingListener } from "../fixtures/unaccepting-listener";
import { probeThrough, TEST_API_KEY, writeCaFile, type ProbeThrough } from "../helpers/probe-harness";

const AUTH = { username: "alice", password: "pr0xy-S3CRET" };

let caFile: string;
let api: FakeOpenAI;
let untrustedApi: FakeOpenAI;
let wrongNameApi: FakeOpenAI;
let plainApi: FakeOpenAI;
let sshPort: Awaited<ReturnType<typeof startNonHttpServer>>;
const proxies: Record<string, FakeProxy> = {};
let unaccepting: UnacceptingListener;
let deadPort: number;
let streamGateways: StreamGateways & { stop(): Promise<void> };
const seen = new Set<OutcomeKind>();

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, trace: { ip: "203.0.113.7", loc: "JP", colo: "NRT" }, apiKeys: [TEST_API_KEY] });
  untrustedApi = await startFakeOpenAI({ tls: pki.selfSigned, apiKeys: [TEST_API_KEY] });
  wrongNameApi = await startFakeOpenAI({ tls: pki.wrongName, apiKeys: [TEST_API_KEY] });
  plainApi = await startFakeOpenAI({ apiKeys: [TEST_API_KEY] });
  sshPort = await startNonHttpServer();
  Object.assign(proxies, {
    http: await startHttpProxy(),
    httpAuth: await startHttpProxy({ auth: AUTH }),
    httpAuth401: await startHttpProxy({ auth: AUTH, wrongCredentialsStatus: 401 }),
    https: await startHttpProxy({ tls: pki.server }),
    forbid: await startHttpProxy({ mode: "forbid" }),
    bad502: await startHttpProxy({ mode: "upstream-502" }),
    bad500: await startHttpProxy({ mode: "upstream-500" }),
    clashDead: await startHttpProxy({ mode: "drop-after-connect" }),
    blackhole: await startBlackhole(),
    socks: await startSocks5Proxy(),
    socksAuth: await startSocks5Proxy({ auth: AUTH }),
    socksDenied: await startSocks5Proxy({ mode: "not-allowed" }),
    socksUnreachable: await startSocks5Proxy({ mode: "host-unreachable" }),
    socksRefused: await startSocks5Proxy({ mode: "refused" }),
    webServer: await startHttpProxy({ mode: "web-server" }),
    hangUpReset: await startHangUpListener("reset"),
    hangUpClose: await startHangUpListener("close"),
  });
  unaccepting = await startUnacceptingListener();
  deadPort = await closedPort();
  streamGateways = await startFixtureScript<StreamGateways>("./serve-stream-gateways.ts");
});

afterAll(async () => {
  await Promise.all([api, untrustedApi, wrongNameApi, plainApi, sshPort].map((server) => server?.close()));
  await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  await unaccepting?.close();
  await streamGateways?.stop();
});

const url = (scenario: Scenario) => api.baseUrl(scenario);
const withCa = (proxy?: string, options?: ProbeThrough["options"]) => ({ proxy, caFile, options });
const record = <T extends { kind: OutcomeKind }>(result: T) => {
  seen.add(result.kind);
  return result;
};

describe("successful probes measure every phase on the route really taken", () => {
  it("direct: DNS, TCP, TLS and TTFB, tokens, quota headers and request id", async () => {
    const result = record(await probeThrough(url("ok"), withCa()));
    expect(result).toMatchObject({ ok: true, kind: "ok", layer: null, httpStatus: 200, requestId: expect.stringMatching(/^req_/), processingMs: 42 });
    expect(result.usage).toEqual({ promptTokens: 11, completionTokens: 1, totalTokens: 12 });
    expect(result.quota).toEqual({
      limitRequests: 10000,
      remainingRequests: 9999,
      resetRequestsMs: 6,
      limitTokens: 200000,
      remainingTokens: 199990,
      resetTokensMs: 62500,
      retryAfterMs: null,
    });
    const t = result.timings;
    expect(t.dnsMs).not.toBeNull();
    expect(t.connectMs).toBeGreaterThan(0);
    expect(t.tunnelMs).toBeNull();
    expect(t.tlsMs).toBeGreaterThan(0);
    expect(t.ttfbMs).toBeGreaterThan(0);
    expect(t.totalMs).toBeGreaterThanOrEqual((t.connectMs ?? 0) + (t.tlsMs ?? 0) + (t.ttfbMs ?? 0));
    expect(api.authorizations.at(-1)).toBe(`Bearer ${TEST_API_KEY}`);
  });

  it("the models probe costs nothing and succeeds", async () => {
    const result = record(await probeThrough(url("ok"), withCa(undefined, { probe: "models" })));
    expect(result).toMatchObject({ ok: true, kind: "ok", probe: "models", usage: null });
  });

  it.each([
    ["http", "http", false],
    ["httpAuth", "http", true],
    ["https", "https", false],
  ])("through an HTTP CONNECT proxy (%s): tunnel timed, no local DNS, the proxy really used", async (name) => {
    const proxy = proxies[name]!;
    const before = proxy.tunnels;
    const result = record(await probeThrough(url("ok"), withCa(proxy.url)));
    expect(result.kind).toBe("ok");
    expect(proxy.tunnels).toBe(before + 1);
    expect(result.timings.dnsMs).toBeNull();
    expect(result.timings.tunnelMs).toBeGreaterThan(0);
    expect(result.timings.tlsMs).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(AUTH.password);
  });

  it("through SOCKS5 with and without credentials; socks5 resolves locally, socks5h remotely", async () => {
    const port = new URL(api.origin).port;
    const local = record(await probeThrough(`https://localhost:${port}/ok/v1`, withCa(proxies.socks!.url.replace("socks5:", "socks5:"))));
    expect(local.kind).toBe("ok");
    expect(proxies.socks!.destinations.at(-1)).toBe(`127.0.0.1:${port}`);
    expect(local.timings.dnsMs).not.toBeNull();

    const remote = record(await probeThrough(`https://localhost:${port}/ok/v1`, withCa(proxies.socks!.url.replace("socks5:", "socks5h:"))));
    expect(remote.kind).toBe("ok");
    expect(proxies.socks!.destinations.at(-1)).toBe(`localhost:${port}`);
    expect(remote.timings.dnsMs).toBeNull();
    expect(remote.timings.tunnelMs).toBeGreaterThan(0);

    const before = proxies.socksAuth!.tunnels;
    const authed = record(await probeThrough(url("ok"), withCa(proxies.socksAuth!.url)));
    expect(authed.kind).toBe("ok");
    expect(proxies.socksAuth!.tunnels).toBe(before + 1);
  });

  it("leaves no connection open after the probe", async () => {
    await probeThrough(url("ok"), withCa(proxies.http!.url));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.openConnections()).toBe(0);
  });

  it("reports the exit identity the API's edge sees, or null where there is none", async () => {
    const traced = await probeThrough(url("ok"), withCa(undefined, { traceExit: true }));
    expect(traced.exit).toEqual({ ip: "203.0.113.7", country: "JP", colo: "NRT" });
    const untraced = await probeThrough(plainApi.baseUrl("ok"), { options: { traceExit: true } });
    expect(untraced.kind).toBe("ok");
    expect(untraced.exit).toBeNull();
  });
});

describe("every failure is one precise kind", () => {
  const cases: Array<[string, () => Promise<{ kind: OutcomeKind; httpStatus: number | null }>, OutcomeKind, number | null]> = [
    ["nothing listens at the proxy port", () => probeThrough(url("ok"), withCa(`http://127.0.0.1:${deadPort}`)), "proxy_unreachable", null],
    ["nothing listens at the SOCKS port", () => probeThrough(url("ok"), withCa(`socks5://127.0.0.1:${deadPort}`)), "proxy_unreachable", null],
    ["the proxy accepts TCP but never answers CONNECT", () => probeThrough(url("ok"), withCa(proxies.blackhole!.url, { timeoutMs: 500 })), "proxy_timeout", null],
    ["the SOCKS proxy accepts TCP but never answers", () => probeThrough(url("ok"), withCa(proxies.blackhole!.url.replace("http:", "socks5:"), { timeoutMs: 500 })), "proxy_timeout", null],
    ["the proxy never accepts the TCP connection", () => probeThrough(url("ok"), withCa(`http://127.0.0.1:${unaccepting.port}`, { timeoutMs: 500 })), "proxy_timeout", null],
    ["the proxy wants credentials and gets none (407)", () => probeThrough(url("ok"), withCa(proxies.httpAuth!.url.replace(/\/\/.*@/, "//"))), "proxy_auth_failed", 407],
    ["the proxy rejects wrong credentials (407)", () => probeThrough(url("ok"), withCa(proxies.httpAuth!.url.replace("pr0xy", "wrong"))), "proxy_auth_failed", 407],
    ["a tinyproxy-style proxy rejects wrong credentials with 401", () => probeThrough(url("ok"), withCa(proxies.httpAuth401!.url.replace("pr0xy", "wrong"))), "proxy_auth_failed", 401],
    ["the SOCKS proxy rejects the password", () => probeThrough(url("ok"), withCa(proxies.socksAuth!.url.replace("pr0xy", "wrong"))), "proxy_auth_failed", null],
    ["the SOCKS proxy wants credentials and gets none", () => probeThrough(url("ok"), withCa(proxies.socksAuth!.url.replace(/\/\/.*@/, "//"))), "proxy_auth_failed", null],
    ["the proxy forbids the tunnel (403)", () => probeThrough(url("ok"), withCa(proxies.forbid!.url)), "proxy_refused", 403],
    ["the SOCKS ruleset forbids it", () => probeThrough(url("ok"), withCa(proxies.socksDenied!.url)), "proxy_refused", null],
    ["the proxy cannot reach upstream (502)", () => probeThrough(url("ok"), withCa(proxies.bad502!.url)), "proxy_upstream_failed", 502],
    ["tinyproxy answers 500 for upstream failures", () => probeThrough(url("ok"), withCa(proxies.bad500!.url)), "proxy_upstream_failed", 500],
    ["SOCKS reply: host unreachable", () => probeThrough(url("ok"), withCa(proxies.socksUnreachable!.url)), "proxy_upstream_failed", null],
    ["SOCKS reply: connection refused", () => probeThrough(url("ok"), withCa(proxies.socksRefused!.url)), "proxy_upstream_failed", null],
    ["a Clash-style proxy accepts the tunnel, then its dead node drops it", () => probeThrough(url("ok"), withCa(proxies.clashDead!.url)), "proxy_upstream_failed", null],
    ["https:// written for a plain-HTTP proxy (a Clash port)", () => probeThrough(url("ok"), withCa(proxies.http!.url.replace("http:", "https:"))), "proxy_protocol_error", null],
    ["https:// written for a plain-HTTP server that answers 400 to the TLS hello", () => probeThrough(url("ok"), withCa(plainApi.origin.replace("http:", "https:"))), "proxy_protocol_error", null],
    ["https:// proxy whose port resets the TLS hello", () => probeThrough(url("ok"), withCa(proxies.hangUpReset!.url.replace("http:", "https:"))), "proxy_protocol_error", null],
    ["https:// proxy whose port closes on the TLS hello", () => probeThrough(url("ok"), withCa(proxies.hangUpClose!.url.replace("http:", "https:"))), "proxy_protocol_error", null],
    ["https:// written for a SOCKS5 port", () => probeThrough(url("ok"), withCa(proxies.socks!.url.replace("socks5:", "https:"))), "proxy_protocol_error", null],
    ["http:// written for an https:// (TLS) proxy", () => probeThrough(url("ok"), withCa(proxies.https!.url.replace("https:", "http:"))), "proxy_protocol_error", null],
    ["socks5:// written for an HTTP proxy port", () => probeThrough(url("ok"), withCa(proxies.http!.url.replace("http:", "socks5:"))), "proxy_protocol_error", null],
    ["http:// written for a web server's port (405 to CONNECT)", () => probeThrough(url("ok"), withCa(proxies.webServer!.url)), "proxy_protocol_error", 405],
    ["an HTTP proxy port that resets the CONNECT", () => probeThrough(url("ok"), withCa(proxies.hangUpReset!.url)), "proxy_protocol_error", null],
    ["a SOCKS5 proxy port that hangs up on the greeting", () => probeThrough(url("ok"), withCa(proxies.hangUpClose!.url.replace("http:", "socks5:"))), "proxy_protocol_error", null],
    ["an https:// proxy whose certificate is not trusted", () => probeThrough(url("ok"), { proxy: proxies.https!.url }), "tls_error", null],
    [
      "the API host name does not resolve",
      () =>
        probeThrough("https://api.unresolvable.test/v1", {
          caFile,
          resolve: async (host) => {
            throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
          },
        }),
      "dns_failure",
      null,
    ],
    ["nothing listens at the API port", () => probeThrough(`https://127.0.0.1:${deadPort}/v1`, withCa()), "connection_refused", null],
    ["the API host never accepts TCP", () => probeThrough(`https://127.0.0.1:${unaccepting.port}/v1`, withCa(undefined, { timeoutMs: 500 })), "connect_timeout", null],
    ["the connection is reset after the request", () => probeThrough(url("reset"), withCa()), "connection_reset", null],
    ["the connection is reset mid-body", () => probeThrough(url("reset-body"), withCa()), "connection_reset", null],
    ["the connection is reset mid-request through a proxy", () => probeThrough(url("reset"), withCa(proxies.http!.url)), "connection_reset", null],
    ["the certificate is self-signed", () => probeThrough(untrustedApi.baseUrl("ok"), withCa()), "tls_error", null],
    ["the certificate is for another name", () => probeThrough(wrongNameApi.baseUrl("ok"), withCa()), "tls_error", null],
    ["the certificate's CA is not trusted (no CA file)", () => probeThrough(url("ok")), "tls_error", null],
    ["https:// to a plain HTTP port", () => probeThrough(plainApi.baseUrl("ok").replace("http:", "https:")), "tls_error", null],
    ["the API never answers", () => probeThrough(url("hang"), withCa(undefined, { timeoutMs: 600 })), "timeout", null],
    ["the API stalls after the headers", () => probeThrough(url("stall-body"), withCa(undefined, { timeoutMs: 600 })), "timeout", null],
    ["401 invalid key", () => probeThrough(url("invalid-key"), withCa()), "auth_invalid", 401],
    ["403 unsupported_country_region_territory", () => probeThrough(url("region"), withCa()), "region_blocked", 403],
    ["403 otherwise", () => probeThrough(url("forbidden"), withCa()), "forbidden", 403],
    ["404 model not found", () => probeThrough(url("no-model"), withCa()), "model_not_found", 404],
    ["400 invalid request", () => probeThrough(url("bad-request"), withCa()), "bad_request", 400],
    ["429 insufficient_quota", () => probeThrough(url("quota"), withCa()), "quota_exhausted", 429],
    ["429 rate_limit_exceeded", () => probeThrough(url("rate-limit"), withCa()), "rate_limited", 429],
    ["500 with an API error body", () => probeThrough(url("server-error"), withCa()), "server_error", 500],
    ["503 overloaded", () => probeThrough(url("overloaded"), withCa()), "server_error", 503],
    ["an HTML 502 page", () => probeThrough(url("html-502"), withCa()), "unexpected_response", 502],
    ["a captive portal's HTML 200", () => probeThrough(url("html-200"), withCa()), "unexpected_response", 200],
    ["a 200 carrying an error object", () => probeThrough(url("error-200"), withCa()), "unexpected_response", 200],
    ["a base URL that points at a non-HTTP service", () => probeThrough(`${sshPort.origin}/v1`), "unknown", null],
    // Streams (every case: tests/integration/stream-probes.test.ts).
    ["a stream the server ends before [DONE]", () => probeThrough(url("stream-cut"), withCa(undefined, { probe: "chat-stream" })), "stream_interrupted", 200],
    ["a stream reset halfway", () => probeThrough(url("stream-reset"), withCa(undefined, { probe: "chat-stream" })), "stream_interrupted", 200],
    // A gateway in another process holds the whole answer back (this process waits idle, as behind a real one).
    ["a stream a gateway buffers whole", () => probeThrough(streamGateways.openai!.buffering, withCa(undefined, { probe: "chat-stream", apiKey: SIMULATED_API_KEY })), "stream_buffered", 200],
  ];

  it.each(cases)("%s", async (_name, run, kind, status) => {
    const result = record(await run());
    expect(result.kind).toBe(kind);
    expect(result.httpStatus).toBe(status);
  });

  it("blames a broken TLS handshake with the proxy on the proxy's scheme or port, naming the proxy", async () => {
    for (const proxy of [proxies.http!.url.replace("http:", "https:"), proxies.hangUpReset!.url.replace("http:", "https:")]) {
      const result = await probeThrough(url("ok"), withCa(proxy));
      expect(result).toMatchObject({ kind: "proxy_protocol_error", layer: "proxy" });
      expect(result.message).toMatch(/with the proxy/);
      expect(result.hint.en).toMatch(/scheme and port/);
      expect(result.hint.en).toMatch(/http:\/\/ rather than https:\/\//);
      expect(result.hint.zh).toMatch(/协议和端口/);
    }
  });

  it("tells a proxy that never accepts TCP from one that never answers the handshake", async () => {
    const noAccept = await probeThrough(url("ok"), withCa(`http://127.0.0.1:${unaccepting.port}`, { timeoutMs: 400 }));
    expect(noAccept.message).toMatch(/did not accept a TCP connection/);
    expect(noAccept.timings.connectMs).toBeNull();
    const silent = await probeThrough(url("ok"), withCa(proxies.blackhole!.url, { timeoutMs: 400 }));
    expect(silent.message).toMatch(/did not complete the tunnel handshake/);
    expect(silent.timings.connectMs).not.toBeNull();
  });

  it("keeps the raw error chain of an unknown failure for the logs", async () => {
    const result = await probeThrough(`${sshPort.origin}/v1`);
    expect(result.errorChain?.join("\n")).toMatch(/HPE_|Parse/i);
  });

  it("covers every kind in the table", () => {
    expect([...seen].sort()).toEqual([...OUTCOME_KIND_NAMES].sort());
  });
});

describe("honest measurement", () => {
  it("sends a failing request exactly once (no hidden retries)", async () => {
    const before = api.hits("server-error");
    await probeThrough(url("server-error"), withCa());
    const overloadedBefore = api.hits("overloaded");
    await probeThrough(url("overloaded"), withCa());
    expect(api.hits("server-error")).toBe(before + 1);
    expect(api.hits("overloaded")).toBe(overloadedBefore + 1);
  });

  it("honours the configured timeout, body included", async () => {
    const result = await probeThrough(url("stall-body"), withCa(undefined, { timeoutMs: 700 }));
    expect(result.kind).toBe("timeout");
    expect(result.timings.ttfbMs).not.toBeNull();
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(690);
    expect(result.timings.totalMs).toBeLessThan(700 + 1000);
  });

  it("keeps retry-after and the emptied request budget from a rate limit", async () => {
    const result = await probeThrough(url("rate-limit"), withCa());
    expect(result.quota.retryAfterMs).toBe(20_000);
    expect(result.quota.remainingRequests).toBe(0);
    expect(result.quota.resetRequestsMs).toBe(20_000);
    expect(result.apiErrorCode).toBe("rate_limit_exceeded");
  });

  it("says what the API said, with both hints, and never the key or the proxy password", async () => {
    const quota = await probeThrough(url("quota"), withCa(proxies.httpAuth!.url));
    expect(quota).toMatchObject({ kind: "quota_exhausted", layer: "quota", apiErrorCode: "insufficient_quota", apiErrorType: "insufficient_quota" });
    expect(quota.message).toContain("exceeded your current quota");
    expect(quota.hint.en).toMatch(/billing/i);
    expect(quota.hint.zh).toMatch(/额度/);
    const denied = await probeThrough(url("ok"), withCa(proxies.httpAuth!.url.replace("pr0xy", "wrong")));
    for (const result of [quota, denied]) {
      const text = JSON.stringify(result);
      expect(text).not.toContain(TEST_API_KEY);
      expect(text).not.toContain(AUTH.password);
      expect(text).not.toContain("wrong-S3CRET");
    }
  });
});
