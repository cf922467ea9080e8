import { describe, expect, it } from "vitest";
import { SIMULATED_API_KEY, startFakeOpenAI } from "@/lib/simulator/simulated-api";
import type { ProbeThrough } from "../helpers/probe-harness";
import { useProviderTestbed } from "../helpers/provider-testbed";

// The OpenAI API's other kinds (embeddings, the Responses API), each probe
// through a real HTTP CONNECT proxy to the simulated API over TLS.

const bed = useProviderTestbed(startFakeOpenAI, { provider: "openai", apiKey: SIMULATED_API_KEY });
const probe = (baseUrl: string, options: ProbeThrough["options"]) => bed.probe(baseUrl, options);

describe("openai embeddings", () => {
  it("POST /v1/embeddings with one short input, as the SDK sends it (base64), through the proxy: ok with its usage", async () => {
    const tunnels = bed.httpProxy.tunnels;
    const result = await probe(bed.api.baseUrl("ok"), { probe: "embeddings", model: "text-embedding-3-small" });
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: "embeddings", stream: null });
    expect(result.usage).toEqual({ promptTokens: 3, completionTokens: null, totalTokens: 3 });
    expect(bed.httpProxy.tunnels).toBe(tunnels + 1);
    expect(bed.api.requestUrls.at(-1)).toBe("/ok/v1/embeddings");
    expect(bed.api.requestBodies.at(-1)).toEqual({ model: "text-embedding-3-small", input: "ProxyPulse", encoding_format: "base64" });
  });

  it.each([
    ["an answer with no embedding", { object: "list", data: [], usage: { prompt_tokens: 1, total_tokens: 1 } }, "HTTP 200 but the answer holds no embedding"],
    ["a chat completion (a chat-only endpoint)", { object: "chat.completion", choices: [] }, 'HTTP 200 but the answer is a "chat.completion" object, not an embedding list'],
    ["an embedding that is neither numbers nor base64", { object: "list", data: [{ embedding: {} }] }, "HTTP 200 but an embedding in the answer is neither a list of numbers nor base64 text"],
  ])("%s: unexpected_response saying what is wrong", async (_name, body, message) => {
    const result = await probe(bed.api.cannedBaseUrl({ body: JSON.stringify(body) }), { probe: "embeddings" });
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", message });
  });

  it.each([
    ["no-model", "model_not_found"],
    ["quota", "quota_exhausted"],
    ["invalid-key", "auth_invalid"],
  ] as const)("%s: %s, as for chat", async (scenario, kind) => {
    expect(await probe(bed.api.baseUrl(scenario), { probe: "embeddings" })).toMatchObject({ ok: false, kind });
  });
});

describe("openai responses (the Responses API)", () => {
  it("POST /v1/responses with 16 output tokens (the API's least): ok with its usage", async () => {
    const result = await probe(bed.api.baseUrl("ok"), { probe: "responses" });
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: "responses", stream: null });
    expect(result.usage).toEqual({ promptTokens: 11, completionTokens: 2, totalTokens: 13 });
    expect(bed.api.requestUrls.at(-1)).toBe("/ok/v1/responses");
    expect(bed.api.requestBodies.at(-1)).toMatchObject({ model: "gpt-4o-mini", input: "Reply with OK.", max_output_tokens: 16 });
  });

  it("an incomplete response with no output (a reasoning model spent its tokens thinking): ok", async () => {
    const body = { object: "response", status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, error: null, output: [], usage: { input_tokens: 11, output_tokens: 16, total_tokens: 27 } };
    const result = await probe(bed.api.cannedBaseUrl({ body: JSON.stringify(body) }), { probe: "responses" });
    expect(result).toMatchObject({ ok: true, kind: "ok", usage: { promptTokens: 11, completionTokens: 16, totalTokens: 27 } });
  });

  it.each([
    ["a completed response without output", { object: "response", status: "completed", error: null, output: [] }, "HTTP 200 but the response has no output"],
    ["a chat completion (a server without the Responses API answering another endpoint)", { object: "chat.completion", choices: [] }, 'HTTP 200 but the answer is a "chat.completion" object, not a response'],
    ["a failed response", { object: "response", status: "failed", error: { code: "server_error", message: "boom" }, output: [] }, /^HTTP 200 whose body is an error object instead of a response: \{"code":"server_error","message":"boom"\}$/],
  ])("%s: unexpected_response saying what is wrong", async (_name, body, message) => {
    const result = await probe(bed.api.cannedBaseUrl({ body: JSON.stringify(body) }), { probe: "responses" });
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response" });
    expect(result.message).toMatch(message);
  });
});
