import { writePacedEvents } from "./sse";
import { answerTransportScenario, COUNT_TOKENS, resetConnection, startFakeOpenAI, STREAM_SCENARIOS, streamBreakFor, type ApiDialect, type FakeOpenAI, type FakeOpenAIOptions, type ScenarioRequest } from "./simulated-api";

/**
 * The Gemini API's dialect of the simulated upstream: the key in
 * x-goog-api-key (or ?key=), paths under /v1beta, google.rpc.Status error
 * bodies `{"error":{"code","message","status","details"}}` whose HTTP status
 * misleads (a wrong key is 400), no rate-limit headers and no request id.
 * Bodies are the real API's, as users have reported them (docs/providers-research.md §3).
 */

/** The key the simulated Gemini API accepts unless given its own list. */
export const SIMULATED_GEMINI_KEY = "AIzaSySimulated-0123456789abcdefghijklm";

export const GEMINI_MESSAGES = {
  invalidKey: "API key not valid. Please pass a valid API key.",
  noKey: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  leakedKey: "Your API key was reported as leaked. Please use another API key.",
  region: "User location is not supported for the API use.",
  quota: "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
  overloaded: "The model is overloaded. Please try again later.",
  internal: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  badRequest: "Invalid JSON payload received. Unknown name \"maxOutputToken\" at 'generation_config': Cannot find field.",
  blocked: "Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent are blocked.",
} as const;

/** Starts the simulated Gemini API: `baseUrl(scenario)` is a host-like base URL, as the SDK takes it (no /v1beta). */
export function startFakeGemini(options: Omit<FakeOpenAIOptions, "dialect"> = {}): Promise<FakeOpenAI> {
  return startFakeOpenAI({ apiKeys: [SIMULATED_GEMINI_KEY], ...options, dialect: GEMINI_DIALECT });
}

export const GEMINI_DIALECT: ApiDialect = {
  basePath: "",
  credentialHeader: "x-goog-api-key",
  keyOf: (request) => {
    const header = request.headers["x-goog-api-key"];
    const key = typeof header === "string" ? header : new URL(request.url ?? "/", "http://placeholder").searchParams.get("key");
    return key && key.trim() !== "" ? key.trim() : null;
  },
  answer: answerLikeGemini,
};

const GOOGLE_HEADERS = { "content-type": "application/json; charset=UTF-8", server: "scaffolding on HTTPServer2", "x-content-type-options": "nosniff", vary: "Origin, X-Origin, Referer" };

function answerLikeGemini(request: ScenarioRequest): void {
  const { scenario, endpoint, response, key, accepted, options } = request;
  const json = (status: number, payload: unknown) => {
    response.writeHead(status, GOOGLE_HEADERS);
    response.end(JSON.stringify(payload));
  };
  const fail = (code: number, status: string, message: string, details?: unknown[]) => json(code, { error: { code, message, status, ...(details ? { details } : {}) } });
  const errorInfo = (reason: string) => ({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } });
  const quotaFailure = (quotaId: string, quotaValue: string) => [
    { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId, quotaDimensions: { location: "global", model: modelOf(endpoint) }, quotaValue }] },
    { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] },
    { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "26s" },
  ];

  // The API checks the key before anything else: none is 403, a wrong one 400.
  if (key === null) return fail(403, "PERMISSION_DENIED", GEMINI_MESSAGES.noKey);
  if (!accepted.has(key)) return fail(400, "INVALID_ARGUMENT", GEMINI_MESSAGES.invalidKey, [errorInfo("API_KEY_INVALID"), { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message: GEMINI_MESSAGES.invalidKey }]);
  if (answerTransportScenario(request)) return;

  if (endpoint.includes(":streamGenerateContent") && STREAM_SCENARIOS.has(scenario)) return streamGenerated(request, modelOf(endpoint));
  switch (scenario) {
    case "ok":
    case "slow":
    case "stream-cut":
    case "stream-reset":
    case "stream-stall":
    case "stream-error": {
      const answer = () => (endpoint.startsWith("/v1beta/models") && !endpoint.includes(":") ? json(200, modelList()) : json(200, generated(modelOf(endpoint))));
      if (scenario === "slow") setTimeout(answer, options.slowMs ?? 200);
      else answer();
      return;
    }
    case "invalid-key":
      return fail(400, "INVALID_ARGUMENT", GEMINI_MESSAGES.invalidKey, [errorInfo("API_KEY_INVALID")]);
    case "leaked-key":
      return fail(403, "PERMISSION_DENIED", GEMINI_MESSAGES.leakedKey);
    case "region":
      return fail(400, "FAILED_PRECONDITION", GEMINI_MESSAGES.region);
    case "forbidden":
      return fail(403, "PERMISSION_DENIED", GEMINI_MESSAGES.blocked, [errorInfo("API_KEY_SERVICE_BLOCKED")]);
    case "no-model":
      return fail(404, "NOT_FOUND", `models/${modelOf(endpoint)} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
    case "bad-request":
      return fail(400, "INVALID_ARGUMENT", GEMINI_MESSAGES.badRequest);
    case "rate-limit":
      return fail(429, "RESOURCE_EXHAUSTED", GEMINI_MESSAGES.quota, quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10"));
    case "quota":
      return fail(429, "RESOURCE_EXHAUSTED", GEMINI_MESSAGES.quota, quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "250"));
    case "quota-zero":
      return fail(429, "RESOURCE_EXHAUSTED", `${GEMINI_MESSAGES.quota}\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: ${modelOf(endpoint)}\nPlease retry in 20.04466179s.`);
    case "server-error":
      return fail(500, "INTERNAL", GEMINI_MESSAGES.internal);
    case "overloaded":
      return fail(503, "UNAVAILABLE", GEMINI_MESSAGES.overloaded);
    case "error-200":
      return json(200, { error: { code: 500, message: GEMINI_MESSAGES.internal, status: "INTERNAL" } });
    case "stall-body":
      response.writeHead(200, GOOGLE_HEADERS);
      response.write('{"candidates": [');
      return; // the rest never comes
    case "reset-body":
      response.writeHead(200, GOOGLE_HEADERS);
      response.write('{"candidates": [');
      setTimeout(() => resetConnection(response.socket), 20);
      return;
    default:
      // Google's 404 for an unknown path is an HTML page.
      response.writeHead(404, { "content-type": "text/html; charset=UTF-8" });
      response.end("<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That’s an error.</ins>");
  }
}

/** The model named in /v1beta/models/{model}:method. */
function modelOf(endpoint: string): string {
  return decodeURIComponent(/\/models\/([^/:]+)/.exec(endpoint)?.[1] ?? "gemini-2.5-flash-lite");
}

/**
 * streamGenerateContent?alt=sse as the API sends it: one
 * GenerateContentResponse per event (CRLF-separated, as Google's servers
 * write them), running usage totals, the last candidate with its
 * finishReason, no closing event. "stream-error" sends the error object the
 * API sends when it fails mid-stream.
 */
function streamGenerated({ scenario, response, options }: ScenarioRequest, model: string): void {
  const usage = (tokens: number) => ({ promptTokenCount: 14, candidatesTokenCount: tokens, totalTokenCount: 14 + tokens, promptTokensDetails: [{ modality: "TEXT", tokenCount: 14 }] });
  const chunk = (text: string, tokens: number, finishReason?: string) => ({
    candidates: [{ content: { parts: [{ text }], role: "model" }, ...(finishReason ? { finishReason } : {}), index: 0 }],
    usageMetadata: usage(tokens),
    modelVersion: model,
    responseId: "pdSfaOurIPqAm9IPucqbqA4",
  });
  const last = COUNT_TOKENS.length - 1;
  const events = COUNT_TOKENS.map((token, index) => googleEvent(chunk(token, index + 1, index === last ? "STOP" : undefined)));
  if (scenario === "stream-error") events.splice(COUNT_TOKENS.length / 2, Infinity, googleEvent({ error: { code: 503, message: GEMINI_MESSAGES.overloaded, status: "UNAVAILABLE" } }));
  writePacedEvents(response, { ...GOOGLE_HEADERS, "content-type": "text/event-stream" }, events, { gapMs: options.streamGapMs ?? 10, cut: streamBreakFor(scenario, 0) });
}

function googleEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\r\n\r\n`;
}

/** A one-token answer, as the API gives it with maxOutputTokens: 1. */
function generated(model: string) {
  return {
    candidates: [{ content: { parts: [{ text: "OK" }], role: "model" }, finishReason: "MAX_TOKENS", index: 0 }],
    usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1, totalTokenCount: 6, promptTokensDetails: [{ modality: "TEXT", tokenCount: 5 }] },
    modelVersion: model,
    responseId: "pdSfaOurIPqAm9IPucqbqA4",
  };
}

function modelList() {
  return {
    models: [
      {
        name: "models/gemini-2.5-flash-lite",
        version: "001",
        displayName: "Gemini 2.5 Flash-Lite",
        inputTokenLimit: 1048576,
        outputTokenLimit: 65536,
        supportedGenerationMethods: ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"],
      },
    ],
    nextPageToken: "Ch5tb2RlbHMvZ2VtaW5pLTIuNS1mbGFzaC1saXRl",
  };
}
