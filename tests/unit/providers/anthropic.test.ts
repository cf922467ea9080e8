import { describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { classifyAnthropicAnswer } from "@/lib/providers/anthropic/classify-api-answer";
import { ANTHROPIC_KINDS } from "@/lib/providers/anthropic/kinds";
import { parseResetMs, readAnthropicResponseFacts } from "@/lib/providers/anthropic/response-headers";

const headers = (record: Record<string, string>) => ({ get: (name: string) => record[name.toLowerCase()] ?? null });
const envelope = (type: string, message: string) => ({ type: "error", error: { type, message }, request_id: "req_011CbrFTcXhtiMzr3s6EocF7" });
const answer = (status: number, json: unknown) => ({ status, headers: headers({}), body: { json, text: json === null ? "" : JSON.stringify(json) } });

describe("classifyAnthropicAnswer", () => {
  // Bodies verbatim from docs/providers-research.md §1.1 where users reported them.
  it.each<[string, number, unknown, OutcomeKind]>([
    ["no credit (400, not billing_error)", 400, envelope("invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."), "quota_exhausted"],
    ["billing_error", 402, envelope("billing_error", "There is an issue with your billing or payment information."), "quota_exhausted"],
    ["another 400", 400, envelope("invalid_request_error", "messages: at least one message is required"), "bad_request"],
    ["invalid key", 401, envelope("authentication_error", "invalid x-api-key"), "auth_invalid"],
    ["the region refusal (edge, no outer type)", 403, { error: { type: "forbidden", message: "Request not allowed" } }, "region_blocked"],
    ["a permission_error", 403, envelope("permission_error", "Your API key does not have permission to use the specified resource."), "forbidden"],
    ["a permission_error that happens to say the same words", 403, envelope("permission_error", "Request not allowed"), "forbidden"],
    ["another forbidden", 403, { error: { type: "forbidden", message: "Workspace archived" } }, "forbidden"],
    ["an unknown model", 404, envelope("not_found_error", "model: claude-3-5-sonnet-20241022 "), "model_not_found"],
    ["request too large (413, outside the SDK's union)", 413, envelope("request_too_large", "Request exceeds the maximum allowed number of bytes."), "bad_request"],
    ["rate limited", 429, envelope("rate_limit_error", "Rate limited"), "rate_limited"],
    ["api_error", 500, envelope("api_error", "Internal server error"), "server_error"],
    ["timeout_error", 504, envelope("timeout_error", "Request timeout"), "server_error"],
    ["overloaded", 529, envelope("overloaded_error", "Overloaded"), "server_error"],
    ["a 529 with no JSON", 529, null, "unexpected_response"],
    ["a 429 with no JSON", 429, null, "rate_limited"],
    ["a 403 from something else (no error object)", 403, { message: "nope" }, "unexpected_response"],
  ])("%s → %s", (_name, status, json, kind) => {
    expect(classifyAnthropicAnswer(answer(status, json)).kind).toBe(kind);
  });

  it("marks an overload as such, and keeps the API's error type", () => {
    const result = classifyAnthropicAnswer(answer(529, envelope("overloaded_error", "Overloaded")));
    expect(result).toMatchObject({ kind: "server_error", httpStatus: 529, apiErrorType: "overloaded_error", message: "Anthropic's API is overloaded (HTTP 529 overloaded_error): Overloaded" });
  });
});

describe("readAnthropicResponseFacts", () => {
  // A real 200's headers (tidyllm's recorded fixture, docs/providers-research.md §1.2).
  const RECORDED = {
    "anthropic-ratelimit-input-tokens-limit": "80000",
    "anthropic-ratelimit-input-tokens-remaining": "80000",
    "anthropic-ratelimit-input-tokens-reset": "2025-08-21T12:40:59Z",
    "anthropic-ratelimit-output-tokens-limit": "16000",
    "anthropic-ratelimit-output-tokens-remaining": "16000",
    "anthropic-ratelimit-output-tokens-reset": "2025-08-21T12:41:00Z",
    "anthropic-ratelimit-requests-limit": "1000",
    "anthropic-ratelimit-requests-remaining": "999",
    "anthropic-ratelimit-requests-reset": "2025-08-21T12:40:59Z",
    "anthropic-ratelimit-tokens-limit": "96000",
    "anthropic-ratelimit-tokens-remaining": "96000",
    "anthropic-ratelimit-tokens-reset": "2025-08-21T12:40:59Z",
    "request-id": "req_011CSLsW7mFqvHHnzrKdKjAE",
  };
  const NOW = new Date("2025-08-21T12:40:58.250Z");

  it("reads the recorded headers into the same snapshot OpenAI's give", () => {
    expect(readAnthropicResponseFacts(headers(RECORDED), NOW)).toEqual({
      quota: { limitRequests: 1000, remainingRequests: 999, resetRequestsMs: 750, limitTokens: 96000, remainingTokens: 96000, resetTokensMs: 750, retryAfterMs: null },
      requestId: "req_011CSLsW7mFqvHHnzrKdKjAE",
      processingMs: null,
    });
  });

  it("without the combined tokens-* headers, takes the input or output limit nearer to running out", () => {
    const only = Object.fromEntries(Object.entries(RECORDED).filter(([name]) => !name.startsWith("anthropic-ratelimit-tokens-")));
    const facts = readAnthropicResponseFacts(headers({ ...only, "anthropic-ratelimit-output-tokens-remaining": "100" }), NOW);
    expect(facts.quota).toMatchObject({ limitTokens: 16000, remainingTokens: 100, resetTokensMs: 1750 });
    const inputLow = readAnthropicResponseFacts(headers({ ...only, "anthropic-ratelimit-input-tokens-remaining": "10" }), NOW);
    expect(inputLow.quota).toMatchObject({ limitTokens: 80000, remainingTokens: 10, resetTokensMs: 750 });
  });

  it.each([
    ["seconds", { "retry-after": "20" }, 20_000],
    ["milliseconds first", { "retry-after-ms": "1500", "retry-after": "20" }, 1500],
    ["an HTTP date", { "retry-after": "Thu, 21 Aug 2025 12:41:08 GMT" }, 9750],
  ])("reads retry-after in %s", (_name, record, ms) => {
    expect(readAnthropicResponseFacts(headers(record), NOW).quota.retryAfterMs).toBe(ms);
  });

  it.each([
    ["2025-08-21T12:40:59Z", 750],
    ["2025-08-21T12:40:59.5Z", 1250],
    ["2025-08-21T14:40:59+02:00", 750],
    ["2025-08-21T12:40:00Z", 0],
    ["5", null],
    ["Tue", null],
    ["2025-08-21", null],
    ["", null],
  ])("reset %j → %s ms", (value, ms) => {
    expect(parseResetMs(value, NOW)).toBe(ms);
  });
});

describe("Anthropic answer shapes", () => {
  const readMessage = (body: unknown) => ANTHROPIC_KINDS.messages.readAnswer(body, 200);
  const readModels = (body: unknown) => ANTHROPIC_KINDS.models.readAnswer(body, 200);
  const MESSAGE = { id: "msg_1", type: "message", role: "assistant", model: "claude-haiku-4-5", content: [{ type: "text", text: "OK" }], stop_reason: "max_tokens", stop_sequence: null, usage: { input_tokens: 11, output_tokens: 1 } };

  it("a message gives its usage; an empty content (max_tokens reached on nothing) is still a message", () => {
    expect(readMessage(MESSAGE)).toEqual({ usage: { promptTokens: 11, completionTokens: 1, totalTokens: 12 } });
    expect(readMessage({ ...MESSAGE, content: [] }).usage).not.toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ["JSON null", null, /the answer is empty \(JSON null\)/],
    ["no content", { ...MESSAGE, content: undefined }, /no content array \(not a message\)/],
    ["content not an array", { ...MESSAGE, content: "OK" }, /content is not an array/],
    ["no usage", { ...MESSAGE, usage: undefined }, /no usage \(not a message\)/],
    ["usage without output_tokens", { ...MESSAGE, usage: { input_tokens: 1 } }, /usage has no output_tokens/],
    ["another object's type", { ...MESSAGE, type: "completion" }, /the answer is a "completion" object, not a message/],
    ["an OpenAI chat completion", { object: "chat.completion", choices: [{ message: { content: "OK" } }] }, /no content array/],
    ["an error envelope", { type: "error", error: { type: "api_error", message: "Internal server error" } }, /error object instead of a message/],
  ])("a message with %s is refused, saying what is missing", (_name, body, message) => {
    expect(() => readMessage(body)).toThrow(message);
  });

  it("a model page needs a data array of models with ids; an empty one is usable but noted", () => {
    expect(readModels({ data: [{ type: "model", id: "claude-haiku-4-5" }], has_more: false, first_id: null, last_id: null })).toEqual({ usage: null });
    expect(readModels({ data: [] }).note).toMatch(/model list is empty/);
    expect(() => readModels({ models: [] })).toThrow(/no data array \(not a model list\)/);
    expect(() => readModels({ data: [{ type: "model" }] })).toThrow(/a model in the list has no id/);
  });
});
