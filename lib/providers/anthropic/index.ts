import { APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import type { Provider } from "../provider";
import { AnthropicProbeClient } from "./anthropic-client";
import { classifyAnthropicAnswer } from "./classify-api-answer";
import { ANTHROPIC_KINDS } from "./kinds";
import { readAnthropicResponseFacts } from "./response-headers";

/** The Anthropic API (Claude), through its official SDK. */
export const anthropic: Provider<AnthropicProbeClient> = {
  id: "anthropic",
  label: "Anthropic",
  defaults: { baseUrl: "https://api.anthropic.com", model: "claude-haiku-4-5", apiKeyEnv: "ANTHROPIC_API_KEY", baseUrlEnv: "ANTHROPIC_BASE_URL" },
  baseUrlPresets: [{ label: "Anthropic", baseUrl: "https://api.anthropic.com" }],
  kinds: ANTHROPIC_KINDS,
  createClient: (options) => new AnthropicProbeClient(options),
  readResponseFacts: readAnthropicResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyAnthropicAnswer,
};
