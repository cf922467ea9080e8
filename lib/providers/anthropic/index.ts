import { APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import type { Provider } from "../provider";
import { anthropicDescriptor } from "./descriptor";
import { AnthropicProbeClient } from "./anthropic-client";
import { classifyAnthropicAnswer } from "./classify-api-answer";
import { ANTHROPIC_KINDS } from "./kinds";
import { readAnthropicResponseFacts } from "./response-headers";

export const anthropic: Provider<AnthropicProbeClient> = {
  ...anthropicDescriptor,
  kinds: ANTHROPIC_KINDS,
  createClient: (options) => new AnthropicProbeClient(options),
  readResponseFacts: readAnthropicResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyAnthropicAnswer,
};
