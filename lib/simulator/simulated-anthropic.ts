import { sseEvent, writePacedEvents } from "./sse";
import { answerTransportScenario, COUNT_TOKENS, resetConnection, startFakeOpenAI, STREAM_SCENARIOS, streamBreakFor, type ApiDialect, type FakeOpenAI, type FakeOpenAIOptions, type ScenarioRequest } from "./simulated-api";

/**
 * The Anthropic API's dialect of the simulated upstream: the key in
 * x-api-key, `anthropic-version` required, a `request-id` on every answer
 * from the API itself, `anthropic-ratelimit-*` headers with RFC 3339 resets,
 * and its error envelope `{"type":"error","error":{"type","message"},"request_id"}`.
 * Bodies are the real API's, as users have reported them (docs/providers-research.md §1).
 */

/** The key the simulated Anthropic API accepts unless given its own list. */
export const SIMULATED_ANTHROPIC_KEY = "sk-ant-api03-simulated-0123456789abcdef";

export const ANTHROPIC_MESSAGES = {
  creditTooLow: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
  invalidKey: "invalid x-api-key",
  noKey: "x-api-key header is required",
  noVersion: "anthropic-version: header is required",
  rateLimited:
    "This request would exceed the rate limit for your organization (---) of 20,000 input tokens per minute. For details, refer to: https://docs.anthropic.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.",
  overloaded: "Overloaded",
  internal: "Internal server error",
  permission: "Your API key does not have permission to use the specified resource.",
  billing: "There is an issue with your billing or payment information.",
  tooLarge: "Request exceeds the maximum allowed number of bytes.",
  badRequest: "max_tokens: Input should be a valid integer",
} as const;

/** Starts the simulated Anthropic API: `baseUrl(scenario)` is a host-like base URL, as the SDK takes it (no /v1). */
export function startFakeAnthropic(options: Omit<FakeOpenAIOptions, "dialect"> = {}): Promise<FakeOpenAI> {
  return startFakeOpenAI({ apiKeys: [SIMULATED_ANTHROPIC_KEY], ...options, dialect: ANTHROPIC_DIALECT });
}

export const ANTHROPIC_DIALECT: ApiDialect = {
  basePath: "",
  credentialHeader: "x-api-key",
  keyOf: (request) => {
    const key = request.headers["x-api-key"];
    return typeof key === "string" && key.trim() !== "" ? key.trim() : null;
  },
  answer: answerLikeAnthropic,
};

function answerLikeAnthropic(request: ScenarioRequest): void {
  const { scenario, endpoint, body, response, requestId, key, accepted, options } = request;
  // Anthropic's edge refuses unsupported regions before the API sees the request: no request-id, no envelope type.
  if (scenario === "region") {
    response.writeHead(403, { "content-type": "application/json", server: "cloudflare", "cf-ray": "972a33bb3977d246-HKG" });
    response.end(JSON.stringify({ error: { type: "forbidden", message: "Request not allowed" } }));
    return;
  }
  const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { "content-type": "application/json", "request-id": requestId, server: "cloudflare", ...headers });
    response.end(JSON.stringify(payload));
  };
  const fail = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
    json(status, { type: "error", error: { type, message }, request_id: requestId }, headers);

  // The API checks the key, then the version header, before anything else.
  if (key === null) return fail(401, "authentication_error", ANTHROPIC_MESSAGES.noKey);
  if (!accepted.has(key)) return fail(401, "authentication_error", ANTHROPIC_MESSAGES.invalidKey);
  if (!request.request.headers["anthropic-version"]) return fail(400, "invalid_request_error", ANTHROPIC_MESSAGES.noVersion);
  if (answerTransportScenario(request)) return;

  const model = (body as { model?: string } | null)?.model ?? "claude-haiku-4-5";
  const now = Date.now();
  if ((body as { stream?: unknown } | null)?.stream === true && STREAM_SCENARIOS.has(scenario) && endpoint.startsWith("/v1/messages")) {
    return streamMessage(request, model, rateHeaders(now));
  }
  switch (scenario) {
    case "ok":
    case "slow":
    case "stream-cut":
    case "stream-reset":
    case "stream-stall":
    case "stream-error": {
      const answer = () => (endpoint.startsWith("/v1/models") ? json(200, modelPage(), rateHeaders(now)) : json(200, message(model, requestId), rateHeaders(now)));
      if (scenario === "slow") setTimeout(answer, options.slowMs ?? 200);
      else answer();
      return;
    }
    case "invalid-key":
      return fail(401, "authentication_error", ANTHROPIC_MESSAGES.invalidKey);
    case "forbidden":
      return fail(403, "permission_error", ANTHROPIC_MESSAGES.permission);
    case "no-model":
      // The real message ends with a space after the model id.
      return fail(404, "not_found_error", `model: ${model} `);
    case "bad-request":
      return fail(400, "invalid_request_error", ANTHROPIC_MESSAGES.badRequest);
    case "quota":
      return fail(400, "invalid_request_error", ANTHROPIC_MESSAGES.creditTooLow);
    case "billing":
      return fail(402, "billing_error", ANTHROPIC_MESSAGES.billing);
    case "rate-limit":
      return fail(429, "rate_limit_error", ANTHROPIC_MESSAGES.rateLimited, {
        ...rateHeaders(now),
        "anthropic-ratelimit-input-tokens-remaining": "0",
        "anthropic-ratelimit-tokens-remaining": "0",
        "retry-after": "20",
      });
    case "server-error":
      return fail(500, "api_error", ANTHROPIC_MESSAGES.internal);
    case "overloaded":
      return fail(529, "overloaded_error", ANTHROPIC_MESSAGES.overloaded);
    case "too-large":
      return fail(413, "request_too_large", ANTHROPIC_MESSAGES.tooLarge);
    case "error-200":
      return json(200, { type: "error", error: { type: "api_error", message: ANTHROPIC_MESSAGES.internal } });
    case "stall-body":
      response.writeHead(200, { "content-type": "application/json", "request-id": requestId });
      response.write('{"id":"msg_stall","type":"message","content":[');
      return; // the rest never comes
    case "reset-body":
      response.writeHead(200, { "content-type": "application/json", "request-id": requestId });
      response.write('{"id":"msg_reset","type":"message","content":[');
      setTimeout(() => resetConnection(response.socket), 20);
      return;
    default:
      return fail(404, "not_found_error", "Not Found");
  }
}

/**
 * A streamed message as the API sends it (RawMessageStreamEvent): message_start,
 * content_block_start, a ping, one content_block_delta a token,
 * content_block_stop, message_delta with the stop reason and output tokens,
 * message_stop. "stream-error" sends the `event: error` that an overloaded
 * API sends mid-stream instead of the second half.
 */
function streamMessage({ scenario, response, requestId, options }: ScenarioRequest, model: string, headers: Record<string, string>): void {
  const events = [
    sseEvent({ type: "message_start", message: { id: `msg_${requestId}`, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 24, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: "standard" } } }, "message_start"),
    sseEvent({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start"),
    sseEvent({ type: "ping" }, "ping"),
  ];
  const tokens = COUNT_TOKENS.map((token) => sseEvent({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: token } }, "content_block_delta"));
  if (scenario === "stream-error") {
    tokens.splice(COUNT_TOKENS.length / 2, Infinity, sseEvent({ type: "error", error: { type: "overloaded_error", message: ANTHROPIC_MESSAGES.overloaded } }, "error"));
  } else {
    tokens.push(
      sseEvent({ type: "content_block_stop", index: 0 }, "content_block_stop"),
      sseEvent({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: COUNT_TOKENS.length } }, "message_delta"),
      sseEvent({ type: "message_stop" }, "message_stop"),
    );
  }
  writePacedEvents(response, { "request-id": requestId, server: "cloudflare", ...headers }, [...events, ...tokens], {
    gapMs: options.streamGapMs ?? 10,
    cut: streamBreakFor(scenario, events.length),
  });
}

/** A whole-second RFC 3339 time, as Anthropic sends its resets. */
function rfc3339(at: number): string {
  return new Date(Math.ceil(at / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The headers of a real 200 from POST /v1/messages (values from a recorded response), resets from now. */
export function rateHeaders(now: number): Record<string, string> {
  const inAMinute = rfc3339(now + 60_000);
  return {
    "anthropic-ratelimit-requests-limit": "1000",
    "anthropic-ratelimit-requests-remaining": "999",
    "anthropic-ratelimit-requests-reset": rfc3339(now + 6_000),
    "anthropic-ratelimit-tokens-limit": "96000",
    "anthropic-ratelimit-tokens-remaining": "95990",
    "anthropic-ratelimit-tokens-reset": inAMinute,
    "anthropic-ratelimit-input-tokens-limit": "80000",
    "anthropic-ratelimit-input-tokens-remaining": "79990",
    "anthropic-ratelimit-input-tokens-reset": inAMinute,
    "anthropic-ratelimit-output-tokens-limit": "16000",
    "anthropic-ratelimit-output-tokens-remaining": "16000",
    "anthropic-ratelimit-output-tokens-reset": inAMinute,
    "anthropic-organization-id": "36562039-1ae4-48e6-ae28-1e517e3d2d12",
  };
}

function message(model: string, requestId: string) {
  return {
    id: `msg_${requestId}`,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: "OK" }],
    stop_reason: "max_tokens",
    stop_sequence: null,
    usage: { input_tokens: 11, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: "standard" },
  };
}

function modelPage() {
  const model = { type: "model", id: "claude-haiku-4-5-20251001", display_name: "Claude Haiku 4.5", created_at: "2025-10-01T00:00:00Z" };
  return { data: [model], has_more: false, first_id: model.id, last_id: model.id };
}
