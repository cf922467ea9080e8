import { AzureOpenAI } from "openai";
import { VERSION as OPENAI_SDK_VERSION } from "openai/version";
import { SDK_TIMEOUT_GRACE_MS, type ClientOptions } from "../provider";
import { keepingErrorBodies } from "../shared/openai-error-bodies";
import { azureTarget } from "./azure-target";

/**
 * The official SDK's AzureOpenAI client, set up as the OpenAI one (no
 * retries, the probe's exchange as its fetch, error bodies kept): the key
 * in the api-key header, `api-version` on every request, chat sent to
 * /openai/deployments/{deployment}. baseURL is given rather than
 * `endpoint`, so the SDK reads none of OPENAI_BASE_URL, OPENAI_API_VERSION,
 * AZURE_OPENAI_ENDPOINT or AZURE_OPENAI_API_KEY: a probe sends only the
 * target's key, only to the target's resource.
 */
export class AzureProbeClient extends keepingErrorBodies(AzureOpenAI) {
  constructor(options: ClientOptions) {
    const target = azureTarget(options.baseUrl);
    super({
      baseURL: target.baseURL,
      apiVersion: target.apiVersion,
      // The SDK puts the deployment in the path as it is: encoded here, so a name cannot change the path.
      deployment: target.deployment === null ? undefined : encodeURIComponent(target.deployment),
      apiKey: options.apiKey,
      maxRetries: 0,
      timeout: options.timeoutMs + SDK_TIMEOUT_GRACE_MS,
      fetch: options.fetch,
      defaultHeaders: { "User-Agent": `ProxyPulse AzureOpenAI/JS ${OPENAI_SDK_VERSION}` },
    });
  }
}
