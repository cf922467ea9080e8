import type { ErrorBody } from "../../classify/classify-outcome";
import type { ApiAnswer, ClientOptions, ProbeRequest } from "../provider";

/** The API version the paths name, as the official SDK (@google/genai) sends it by default. */
export const GEMINI_API_VERSION = "v1beta";

/** An error answer from the Gemini API: status, headers and the body as read. */
export class GeminiApiError extends Error {
  constructor(
    readonly status: number,
    readonly headers: ApiAnswer["headers"],
    readonly body: ErrorBody,
  ) {
    super(`Gemini API answered HTTP ${status}`);
    this.name = "GeminiApiError";
  }
}

/**
 * The Gemini API over its REST interface, not the official @google/genai
 * SDK: that SDK sends every request with the global fetch and has no option
 * for another fetch, agent or dispatcher (its HttpOptions: baseUrl, headers,
 * timeout, retryOptions…; a custom fetch is still an open request,
 * googleapis/js-genai #999), so it cannot go through a route's connection.
 * The REST calls are the ones the SDK makes: the same paths, the key in
 * x-goog-api-key, JSON both ways, no retries.
 */
export class GeminiProbeClient {
  private readonly root: string;

  constructor(private readonly options: ClientOptions) {
    this.root = apiRoot(options.baseUrl);
  }

  /** Sends one request; resolves with the response when it is 2xx, else throws GeminiApiError with the body read. */
  async send(method: "GET" | "POST", path: string, body: unknown, { signal, fetchOptions }: ProbeRequest, accept = "application/json"): Promise<Response> {
    const headers: Record<string, string> = { "x-goog-api-key": this.options.apiKey, accept, "user-agent": "ProxyPulse (Gemini REST)" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, ...fetchOptions };
    const response = await this.options.fetch(`${this.root}/${path}`, init as RequestInit);
    if (response.ok) return response;
    const text = await response.text();
    throw new GeminiApiError(response.status, response.headers, { json: parseJson(text), text });
  }
}

/**
 * Where the API's paths start. The SDK takes the host (a gateway's prefix
 * allowed) and adds the version; many gateways' instructions give the base
 * URL with the version already in it (…/v1beta), which is kept as given.
 */
export function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return /\/v1(alpha|beta)?$/.test(trimmed) ? trimmed : `${trimmed}/${GEMINI_API_VERSION}`;
}

/** The model's resource path: `models/…` unless the name already says which collection (models/, tunedModels/). */
export function modelPath(model: string): string {
  const [collection, name] = /^(models|tunedModels)\/(.+)$/.exec(model)?.slice(1) ?? ["models", model];
  return `${collection}/${encodeURIComponent(name!)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
