import { describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { Scenario } from "@/lib/simulator/simulated-api";
import { GEMINI_MESSAGES, SIMULATED_GEMINI_KEY, startFakeGemini } from "@/lib/simulator/simulated-gemini";
import { startHttpProxy } from "@/lib/simulator/simulated-proxies";
import type { ProbeThrough } from "../helpers/probe-harness";
import { useProviderTestbed } from "../helpers/provider-testbed";

// Every Gemini probe here goes through a real proxy over loopback to the
// simulated Gemini API (TLS, answering with the real API's bodies).

const KEY = SIMULATED_GEMINI_KEY;
const bed = useProviderTestbed(startFakeGemini, { provider: "gemini", probe: "generate", model: "gemini-2.5-flash-lite", apiKey: KEY });
const geminiProbe = (baseUrl: string, options: ProbeThrough["options"] = {}, proxy?: string) => bed.probe(baseUrl, options, proxy);

describe("gemini: successful probes", () => {
  it.each([
    ["HTTP CONNECT", () => bed.httpProxy],
    ["SOCKS5", () => bed.socksProxy],
  ])("generate through %s: generateContent with one output token, and its usage", async (_name, proxy) => {
    const tunnels = proxy().tunnels;
    const result = await geminiProbe(bed.api.baseUrl("ok"), {}, proxy().url);
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: "generate", requestId: null });
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 1, totalTokens: 6 });
    expect(proxy().tunnels).toBe(tunnels + 1);
  });

  it("takes a base URL that already ends in /v1beta, as many gateways give it", async () => {
    const result = await geminiProbe(`${bed.api.baseUrl("ok")}/v1beta`);
    expect(result).toMatchObject({ ok: true, kind: "ok" });
    expect(bed.api.requestUrls.at(-1)).toBe("/ok/v1beta/models/gemini-2.5-flash-lite:generateContent");
  });

  it("models: GET /v1beta/models, free", async () => {
    const result = await geminiProbe(bed.api.baseUrl("ok"), { probe: "models" });
    expect(result).toMatchObject({ ok: true, kind: "ok", probe: "models", usage: null });
  });

  it("sends the key in x-goog-api-key (never as Authorization) to the configured origin only", async () => {
    const proxy = await startHttpProxy();
    try {
      await geminiProbe(bed.api.baseUrl("ok"), { model: "models/gemini-2.5-flash-lite" }, proxy.url);
      const headers = bed.api.requestHeaders.at(-1)!;
      expect(headers["x-goog-api-key"]).toBe(KEY);
      expect(headers.authorization).toBeUndefined();
      expect(proxy.destinations).toEqual([new URL(bed.api.origin).host]);
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ["an empty model list (Google leaves empty fields out)", { probe: "models", body: "{}" }, /model list is empty/],
    ["a blocked prompt (feedback, no candidates)", { probe: "generate", body: JSON.stringify({ promptFeedback: { blockReason: "OTHER" }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } }) }, /blocked the probe's prompt \(OTHER\)/],
  ] as const)("%s is the API answering: ok, with a note", async (_name, { probe, body }, note) => {
    const result = await geminiProbe(bed.api.cannedBaseUrl({ status: 200, body }), { probe });
    expect(result).toMatchObject({ ok: true, kind: "ok" });
    expect(result.message).toMatch(note);
  });
});

describe("gemini: every API error is one of our kinds", () => {
  const CASES: Array<[Scenario, OutcomeKind, { status: number; type: string; code: string | null; message: RegExp }]> = [
    ["region", "region_blocked", { status: 400, type: "FAILED_PRECONDITION", code: null, message: /^User location is not supported for the API use\.$/ }],
    ["invalid-key", "auth_invalid", { status: 400, type: "INVALID_ARGUMENT", code: "API_KEY_INVALID", message: /^API key not valid/ }],
    ["leaked-key", "auth_invalid", { status: 403, type: "PERMISSION_DENIED", code: null, message: /reported as leaked/ }],
    ["forbidden", "forbidden", { status: 403, type: "PERMISSION_DENIED", code: "API_KEY_SERVICE_BLOCKED", message: /are blocked\.$/ }],
    ["rate-limit", "rate_limited", { status: 429, type: "RESOURCE_EXHAUSTED", code: null, message: /^You exceeded your current quota.* \(retry in 26s\)$/ }],
    ["quota", "quota_exhausted", { status: 429, type: "RESOURCE_EXHAUSTED", code: null, message: /^You exceeded your current quota/ }],
    ["quota-zero", "quota_exhausted", { status: 429, type: "RESOURCE_EXHAUSTED", code: null, message: /limit: 0, model: gemini-2\.5-flash-lite/ }],
    ["no-model", "model_not_found", { status: 404, type: "NOT_FOUND", code: null, message: /^models\/gemini-2\.5-flash-lite is not found for API version v1beta/ }],
    ["overloaded", "server_error", { status: 503, type: "UNAVAILABLE", code: null, message: /^The Gemini API is overloaded \(HTTP 503 UNAVAILABLE\): The model is overloaded/ }],
    ["server-error", "server_error", { status: 500, type: "INTERNAL", code: null, message: /^An internal error has occurred/ }],
    ["bad-request", "bad_request", { status: 400, type: "INVALID_ARGUMENT", code: null, message: /Invalid JSON payload/ }],
  ];

  it.each(CASES)("%s → %s, in one request", async (scenario, kind, expected) => {
    const before = bed.api.hits(scenario);
    const result = await geminiProbe(bed.api.baseUrl(scenario));
    expect(result).toMatchObject({ ok: false, kind, httpStatus: expected.status, apiErrorType: expected.type, apiErrorCode: expected.code });
    expect(result.message).toMatch(expected.message);
    expect(bed.api.hits(scenario)).toBe(before + 1);
  });

  it("a wrong key is auth_invalid (a 400, not a 401) and never echoed back", async () => {
    const result = await geminiProbe(bed.api.baseUrl("ok"), { apiKey: "AIzaSyWRONG-secret-value-0123456789" });
    expect(result).toMatchObject({ kind: "auth_invalid", httpStatus: 400, message: GEMINI_MESSAGES.invalidKey });
    expect(JSON.stringify(result)).not.toContain("WRONG-secret-value");
  });

  it("no key configured: the refusal still proves the route reaches the API, and says where a key would come from", async () => {
    const result = await geminiProbe(bed.api.baseUrl("ok"), { apiKey: null, apiKeySource: "the GEMINI_API_KEY environment variable" });
    expect(result.kind).toBe("auth_invalid");
    expect(result.message).toMatch(/^No API key is configured \(set the GEMINI_API_KEY environment variable\)/);
  });

  it.each([
    ["a bare RESOURCE_EXHAUSTED (no details)", { status: 429, body: JSON.stringify({ error: { code: 429, message: "Resource has been exhausted (e.g. check quota).", status: "RESOURCE_EXHAUSTED" } }) }, "rate_limited", /^Resource has been exhausted/],
    ["an error wrapped in an array", { status: 400, body: JSON.stringify([{ error: { code: 400, message: GEMINI_MESSAGES.region, status: "FAILED_PRECONDITION" } }]) }, "region_blocked", /^User location/],
    ["a 503 without a body", { status: 503, body: "" }, "unexpected_response", /^HTTP 503 with an empty body$/],
    ["a proxy's HTML 502", { status: 502, contentType: "text/html", body: "<html><head><title>502 Bad Gateway</title></head></html>" }, "unexpected_response", /HTML page \("502 Bad Gateway"\)/],
    ["a 429 without a body (still a rate limit)", { status: 429, body: "" }, "rate_limited", /^HTTP 429 with an empty body$/],
    ["a 200 that is not an answer", { status: 200, body: JSON.stringify({ modelVersion: "x" }) }, "unexpected_response", /no candidates/],
    ["a 200 error object", { status: 200, body: JSON.stringify({ error: { code: 500, message: "An internal error has occurred.", status: "INTERNAL" } }) }, "unexpected_response", /error object instead of a generateContent answer/],
  ] as const)("%s → %s", async (_name, answer, kind, message) => {
    const result = await geminiProbe(bed.api.cannedBaseUrl(answer));
    expect(result.kind).toBe(kind);
    expect(result.message).toMatch(message);
  });

  it.each([
    ["stall-body", "timeout"],
    ["reset-body", "connection_reset"],
  ] as const)("a body that %s mid-answer is %s", async (scenario, kind) => {
    const result = await geminiProbe(bed.api.baseUrl(scenario), { timeoutMs: 1500 });
    expect(result.kind).toBe(kind);
  });
});

describe("gemini: the probe kind must be the provider's", () => {
  it("refuses openai's chat kind for gemini instead of sending it", async () => {
    await expect(geminiProbe(bed.api.baseUrl("ok"), { probe: "chat" })).rejects.toThrow(/Gemini has no "chat" probe \(it has generate, generate-stream, models\)/);
  });
});
