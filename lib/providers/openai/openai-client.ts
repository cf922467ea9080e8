import OpenAI from "openai";
import { VERSION as OPENAI_SDK_VERSION } from "openai/version";
import { SDK_TIMEOUT_GRACE_MS, type ClientOptions } from "../provider";
import { keepingErrorBodies } from "../shared/openai-error-bodies";

/**
 * The official SDK, set up for honest measurement: no retries, the probe's
 * exchange as its fetch, and the body of every error response kept.
 */
export class OpenAIProbeClient extends keepingErrorBodies(OpenAI) {
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
}
