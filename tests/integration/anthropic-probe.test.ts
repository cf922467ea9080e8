import { describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { ANTHROPIC_MESSAGES, SIMULATED_ANTHROPIC_KEY, startFakeAnthropic } from "@/lib/simulator/simulated-anthropic";
import type { Scenario } from "@/lib/simulator/simulated-api";
import { startHttpProxy } from "@/lib/simulator/simulated-proxies";
import type { ProbeThrough } from "../helpers/probe-harness";
import { useProviderTestbed } from "../helpers/provider-testbed";

// Every Anthropic probe here goes through a real proxy over loopback to the
// simulated Anthropic API (TLS, answering with the real API's bodies).

const KEY = SIMULATED_ANTHROPIC_KEY;
const bed = useProviderTestbed(startFakeAnthropic, { provider: "anthropic", probe: "messages", model: "claude-haiku-4-5", apiKey: KEY });
const anthropicProbe = (baseUrl: string, options: ProbeThrough["options"] = {}, proxy?: string) => bed.probe(baseUrl, options, proxy);

describe("anthropic: successful probes", () => {
  it.each([
    ["HTTP CONNECT", () => bed.httpProxy],
    ["SOCKS5", () => bed.socksProxy],
  ])("messages through %s: one token, usage and the anthropic-ratelimit-* quota", async (_name, proxy) => {
    const tunnels = proxy().tunnels;
    const result = await anthropicProbe(bed.api.baseUrl("ok"), {}, proxy().url);
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: "messages", requestId: expect.stringMatching(/^req_/), processingMs: null });
    expect(result.usage).toEqual({ promptTokens: 11, completionTokens: 1, totalTokens: 12 });
    expect(proxy().tunnels).toBe(tunnels + 1);
    const { quota } = result;
    expect(quota).toMatchObject({ limitRequests: 1000, remainingRequests: 999, limitTokens: 96000, remainingTokens: 95990, retryAfterMs: null });
    // RFC 3339 resets read as time from now: whole seconds ahead, never negative.
    expect(quota.resetRequestsMs).toBeGreaterThan(0);
    expect(quota.resetRequestsMs).toBeLessThanOrEqual(7_000);
    expect(quota.resetTokensMs).toBeGreaterThan(quota.resetRequestsMs!);
    expect(quota.resetTokensMs).toBeLessThanOrEqual(61_000);
  });

  it("models: GET /v1/models, free", async () => {
    const result = await anthropicProbe(bed.api.baseUrl("ok"), { probe: "models" });
    expect(result).toMatchObject({ ok: true, kind: "ok", probe: "models", usage: null });
  });

  it("sends the key as x-api-key with anthropic-version, never as Authorization, and only to the configured origin", async () => {
    const proxy = await startHttpProxy();
    try {
      await anthropicProbe(bed.api.baseUrl("ok"), {}, proxy.url);
      const headers = bed.api.requestHeaders.at(-1)!;
      expect(headers["x-api-key"]).toBe(KEY);
      expect(headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(headers.authorization).toBeUndefined();
      expect(headers["user-agent"]).toMatch(/^ProxyPulse Anthropic\/JS /);
      // The only place the request went: the configured API's host and port.
      expect(proxy.destinations).toEqual([new URL(bed.api.origin).host]);
    } finally {
      await proxy.close();
    }
  });
});

describe("anthropic: every API error is one of our kinds", () => {
  const CASES: Array<[Scenario, OutcomeKind, { status: number; type: string | null; message: RegExp }]> = [
    ["quota", "quota_exhausted", { status: 400, type: "invalid_request_error", message: /^Your credit balance is too low to access the Anthropic API/ }],
    ["billing", "quota_exhausted", { status: 402, type: "billing_error", message: /billing or payment/ }],
    ["overloaded", "server_error", { status: 529, type: "overloaded_error", message: /overloaded \(HTTP 529 overloaded_error\): Overloaded$/ }],
    ["rate-limit", "rate_limited", { status: 429, type: "rate_limit_error", message: /^This request would exceed the rate limit/ }],
    ["invalid-key", "auth_invalid", { status: 401, type: "authentication_error", message: /^invalid x-api-key$/ }],
    ["region", "region_blocked", { status: 403, type: "forbidden", message: /^Request not allowed$/ }],
    ["forbidden", "forbidden", { status: 403, type: "permission_error", message: /does not have permission/ }],
    ["no-model", "model_not_found", { status: 404, type: "not_found_error", message: /^model: claude-haiku-4-5 $/ }],
    ["server-error", "server_error", { status: 500, type: "api_error", message: /^Internal server error$/ }],
    ["too-large", "bad_request", { status: 413, type: "request_too_large", message: /maximum allowed number of bytes/ }],
    ["bad-request", "bad_request", { status: 400, type: "invalid_request_error", message: /max_tokens/ }],
  ];

  it.each(CASES)("%s → %s, in one request (no SDK retry)", async (scenario, kind, expected) => {
    const before = bed.api.hits(scenario);
    const result = await anthropicProbe(bed.api.baseUrl(scenario));
    expect(result).toMatchObject({ ok: false, kind, httpStatus: expected.status, apiErrorType: expected.type });
    expect(result.message).toMatch(expected.message);
    expect(bed.api.hits(scenario)).toBe(before + 1);
  });

  it("reads retry-after and the exhausted limits from a 429", async () => {
    const result = await anthropicProbe(bed.api.baseUrl("rate-limit"));
    expect(result.quota).toMatchObject({ retryAfterMs: 20_000, remainingTokens: 0, limitTokens: 96000 });
    expect(result.requestId).toMatch(/^req_/);
  });

  it("the region refusal comes from the edge: no request id, whatever the key", async () => {
    const result = await anthropicProbe(bed.api.baseUrl("region"), { apiKey: "sk-ant-wrong" });
    expect(result).toMatchObject({ kind: "region_blocked", requestId: null });
  });

  it("a wrong key is auth_invalid and never echoed back", async () => {
    const result = await anthropicProbe(bed.api.baseUrl("ok"), { apiKey: "sk-ant-api03-WRONG-secret-value" });
    expect(result).toMatchObject({ kind: "auth_invalid", httpStatus: 401, message: ANTHROPIC_MESSAGES.invalidKey });
  });

  it("no key configured: the 401 still proves the route reaches the API, and says where a key would come from", async () => {
    const result = await anthropicProbe(bed.api.baseUrl("ok"), { apiKey: null, apiKeySource: "the ANTHROPIC_API_KEY environment variable" });
    expect(result.kind).toBe("auth_invalid");
    expect(result.message).toMatch(/^No API key is configured \(set the ANTHROPIC_API_KEY environment variable\)/);
  });

  it.each([
    ["a 529 without a body", { status: 529, body: "" }, "unexpected_response", /^HTTP 529 with an empty body$/],
    ["a proxy's HTML 502", { status: 502, contentType: "text/html", body: "<html><head><title>502 Bad Gateway</title></head></html>" }, "unexpected_response", /HTML page \("502 Bad Gateway"\)/],
    ["a 429 without a body (still a rate limit)", { status: 429, body: "" }, "rate_limited", /^HTTP 429 with an empty body$/],
    ["a 200 that is not a message", { status: 200, body: JSON.stringify({ id: "x", type: "message", content: [] }) }, "unexpected_response", /no usage/],
    ["a 200 error envelope", { status: 200, body: JSON.stringify({ type: "error", error: { type: "api_error", message: "Internal server error" } }) }, "unexpected_response", /error object instead of a message/],
  ])("%s → %s, as for OpenAI", async (_name, answer, kind, message) => {
    const result = await anthropicProbe(bed.api.cannedBaseUrl(answer));
    expect(result.kind).toBe(kind);
    expect(result.message).toMatch(message);
  });
});

describe("anthropic: the probe kind must be the provider's", () => {
  it("refuses openai's chat kind for anthropic instead of sending it", async () => {
    await expect(anthropicProbe(bed.api.baseUrl("ok"), { probe: "chat" })).rejects.toThrow(/Anthropic has no "chat" probe \(it has messages, messages-stream, models\)/);
  });
});
