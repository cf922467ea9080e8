import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { VERSION as ANTHROPIC_SDK_VERSION } from "@anthropic-ai/sdk/version";
import type { ErrorBody } from "../../classify/classify-outcome";
import { SDK_TIMEOUT_GRACE_MS, type ClientOptions } from "../provider";

/**
 * The official SDK, set up for honest measurement like the OpenAI one: no
 * retries (a 529 or 429 is one request, as the probe saw it), the probe's
 * exchange as its fetch, and the body of every error response kept. The key
 * is always passed in code, so the SDK reads no credential of its own
 * (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, a profile): a probe sends only the
 * target's key, only to the target's base URL. Its logger is off, so
 * ANTHROPIC_LOG=debug cannot print request headers.
 *
 * The key goes in x-api-key, as Anthropic documents for API keys and as every
 * public release of this SDK sends it. The installed @anthropic-ai/sdk 1.14.0
 * sends an apiKey as `Authorization: Bearer` instead (its apiKeyAuth), which
 * is how OAuth tokens travel: defaultHeaders come after the auth headers, so
 * `Authorization: null` there removes that and `X-Api-Key` carries the key.
 */
export class AnthropicProbeClient extends Anthropic {
  private readonly errorBodies = new WeakMap<APIError, ErrorBody>();

  constructor(options: ClientOptions) {
    super({
      // The SDK takes the host without /v1 (its paths carry it).
      baseURL: options.baseUrl,
      apiKey: options.apiKey,
      maxRetries: 0,
      timeout: options.timeoutMs + SDK_TIMEOUT_GRACE_MS,
      fetch: options.fetch,
      logLevel: "off",
      defaultHeaders: { "User-Agent": `ProxyPulse Anthropic/JS ${ANTHROPIC_SDK_VERSION}`, "X-Api-Key": options.apiKey, Authorization: null },
    });
  }

  errorBodyOf(error: unknown): ErrorBody | undefined {
    return error && typeof error === "object" ? this.errorBodies.get(error as APIError) : undefined;
  }

  // The SDK hands the parsed JSON body (or, when not JSON, its text as the message) to this hook.
  protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers): APIError {
    const apiError = super.makeStatusError(status, error, message, headers);
    this.errorBodies.set(apiError, { json: error ?? null, text: message ?? (error ? JSON.stringify(error) : null) });
    return apiError;
  }
}
