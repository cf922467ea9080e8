import { answerTransportScenario, startFakeOpenAI, STREAM_SCENARIOS, streamChatCompletion, type ApiDialect, type FakeOpenAI, type FakeOpenAIOptions, type ScenarioRequest } from "./simulated-api";

/**
 * Azure OpenAI's dialect of the simulated upstream: a resource whose
 * deployments answer at /openai/deployments/{name}/chat/completions and
 * whose model list is /openai/models, every request with `?api-version=`,
 * the key in the api-key header, OpenAI's answers with Azure's extras
 * (prompt_filter_results), apim-request-id and x-ratelimit-* headers, and
 * Azure's own error bodies (string codes: "401", "DeploymentNotFound",
 * "429", "content_filter"). Bodies as users have reported them
 * (docs/providers-research.md §4).
 */

/** The key the simulated resource accepts unless given its own list. */
export const SIMULATED_AZURE_KEY = "0123456789abcdef0123456789abcdef";
/** The deployment the simulated resource has. */
export const SIMULATED_AZURE_DEPLOYMENT = "gpt-4o-mini";

export const AZURE_MESSAGES = {
  invalidKey: "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
  noDeployment: "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
  rateLimited: "Rate limit is exceeded. Try again in 2 seconds.",
  dailyQuota:
    "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.",
  contentFilter:
    "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
  firewall: "Access denied due to Virtual Network/Firewall rules.",
  internal: "The server had an error while processing your request. Sorry about that!",
  noApiVersion: "Resource not found",
} as const;

/** Starts a simulated Azure OpenAI resource: `baseUrl(scenario)` is its endpoint, as the AzureOpenAI client takes it. */
export function startFakeAzure(options: Omit<FakeOpenAIOptions, "dialect"> = {}): Promise<FakeOpenAI> {
  return startFakeOpenAI({ apiKeys: [SIMULATED_AZURE_KEY], ...options, dialect: AZURE_DIALECT });
}

export const AZURE_DIALECT: ApiDialect = {
  basePath: "",
  credentialHeader: "api-key",
  keyOf: (request) => {
    const key = request.headers["api-key"];
    return typeof key === "string" && key.trim() !== "" ? key.trim() : null;
  },
  answer: answerLikeAzure,
};

function answerLikeAzure(request: ScenarioRequest): void {
  const { scenario, endpoint, response, requestId, key, accepted } = request;
  const headers = (extra: Record<string, string> = {}) => ({ "content-type": "application/json", "apim-request-id": `apim-${requestId}`, "x-request-id": requestId, "x-ms-region": "East US", ...extra });
  const json = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
    response.writeHead(status, headers(extra));
    response.end(JSON.stringify(payload));
  };
  const fail = (status: number, code: string, message: string, extra: Record<string, string> = {}) => json(status, { error: { code, message } }, extra);
  const apiVersion = new URL(request.request.url ?? "/", "http://placeholder").searchParams.get("api-version");

  // The gateway checks the key first, then the route needs an api-version.
  if (key === null || !accepted.has(key)) return fail(401, "401", AZURE_MESSAGES.invalidKey);
  if (!apiVersion) return fail(404, "404", AZURE_MESSAGES.noApiVersion);
  if (answerTransportScenario(request)) return;

  const deployment = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(endpoint)?.[1];
  const isModels = endpoint === "/openai/models";
  if (!isModels && deployment === undefined) return fail(404, "404", AZURE_MESSAGES.noApiVersion);
  if (deployment !== undefined && decodeURIComponent(deployment) !== SIMULATED_AZURE_DEPLOYMENT) return fail(404, "DeploymentNotFound", AZURE_MESSAGES.noDeployment);
  const rate = { "x-ratelimit-limit-requests": "8", "x-ratelimit-remaining-requests": "7", "x-ratelimit-limit-tokens": "8000", "x-ratelimit-remaining-tokens": "1014" };

  const stream = (request.body as { stream?: unknown; stream_options?: { include_usage?: boolean } } | null) ?? {};
  if (!isModels && stream.stream === true && STREAM_SCENARIOS.has(scenario)) {
    return streamChatCompletion(response, {
      model: "gpt-4o-mini-2024-07-18",
      requestId,
      scenario,
      options: request.options,
      includeUsage: Boolean(stream.stream_options?.include_usage),
      // Azure's first chunk: the prompt's filter results, no choices, empty id and model.
      prelude: [{ choices: [], created: 0, id: "", model: "", object: "", prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: "safe" } } }] }],
      headers: { "apim-request-id": `apim-${requestId}`, "x-request-id": requestId, "x-ms-region": "East US", ...rate },
    });
  }
  switch (scenario) {
    case "ok":
    case "stream-cut":
    case "stream-reset":
    case "stream-stall":
    case "stream-error":
      return isModels ? json(200, modelList()) : json(200, completion(), rate);
    case "no-model":
      return fail(404, "DeploymentNotFound", AZURE_MESSAGES.noDeployment);
    case "invalid-key":
      return fail(401, "Unauthorized", AZURE_MESSAGES.invalidKey);
    case "forbidden":
      return fail(403, "403", AZURE_MESSAGES.firewall);
    case "rate-limit":
      return fail(429, "429", AZURE_MESSAGES.rateLimited, { ...rate, "x-ratelimit-remaining-requests": "0", "retry-after": "2", "retry-after-ms": "1500" });
    case "quota":
      return fail(429, "429", AZURE_MESSAGES.dailyQuota, { "retry-after": "86400" });
    case "content-filter":
      return json(400, { error: { message: AZURE_MESSAGES.contentFilter, type: null, param: "prompt", code: "content_filter", status: 400, innererror: { code: "ResponsibleAIPolicyViolation", content_filter_result: { violence: { filtered: true, severity: "medium" } } } } });
    case "server-error":
      return fail(500, "InternalServerError", AZURE_MESSAGES.internal);
    default:
      return fail(404, "404", AZURE_MESSAGES.noApiVersion);
  }
}

function completion() {
  return {
    id: "chatcmpl-simulated-azure",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "gpt-4o-mini-2024-07-18",
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: "safe" } } }],
    choices: [{ index: 0, finish_reason: "length", message: { role: "assistant", content: "OK", refusal: null }, content_filter_results: {} }],
    usage: { prompt_tokens: 11, completion_tokens: 1, total_tokens: 12 },
    system_fingerprint: "fp_simulated",
  };
}

function modelList() {
  return { data: [{ id: "gpt-4o-mini-2024-07-18", object: "model", created_at: 1721260800, status: "succeeded", capabilities: { chat_completion: true }, lifecycle_status: "generally-available" }], object: "list" };
}
