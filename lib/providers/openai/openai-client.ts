import OpenAI, { type APIError } from "openai";
import { VERSION as OPENAI_SDK_VERSION } from "openai/version";
import type { ErrorBody } from "../../classify/classify-outcome";
import type { ClientOptions } from "../provider";

/** How much later than our own deadline the SDK's timeout may fire: ours must win. */
const SDK_TIMEOUT_GRACE_MS = 1000;

/**
 * The official SDK, set up for honest measurement: no retries, the probe's
 * exchange as its fetch, and the body of every error response kept (the SDK
 * keeps only its `error` field).
 */
export class OpenAIProbeClient extends OpenAI {
  private readonly errorBodies = new WeakMap<APIError, ErrorBody>();

  constructor(options: ClientOptions) {
    super({
      baseURL: options.baseUrl,
      apiKey: options.apiKey,
      maxRetries: 0,
      timeout: options.timeoutMs + SDK_TIMEOUT_GRACE_MS,
      fetch: options.fetch,
      defaultHeaders: { "User-Agent": `ProxyPulse OpenAI/JS ${OPENAI_SDK_VERSION}` },
    });
  }

  errorBodyOf(error: unknown): ErrorBody | undefined {
    return error && typeof error === "object" ? this.errorBodies.get(error as APIError) : undefined;
  }

  protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers): APIError {
    const apiError = super.makeStatusError(status, error, message, headers);
    this.errorBodies.set(apiError, { json: error ?? null, text: message ?? (error ? JSON.stringify(error) : null) });
    return apiError;
  }
}
