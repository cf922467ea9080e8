import { APIConnectionTimeoutError, APIError } from "openai";
import type { Provider } from "../provider";
import { classifyOpenAIAnswer } from "../shared/classify-openai-answer";
import { openAIKinds } from "../shared/openai-kinds";
import { readOpenAIResponseFacts } from "../shared/openai-response-headers";
import { openaiDescriptor } from "./descriptor";
import { OpenAIProbeClient } from "./openai-client";

export const openai: Provider<OpenAIProbeClient> = {
  ...openaiDescriptor,
  kinds: openAIKinds<OpenAIProbeClient>(),
  createClient: (options) => new OpenAIProbeClient(options),
  readResponseFacts: readOpenAIResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyOpenAIAnswer,
};
