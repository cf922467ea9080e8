import { APIConnectionTimeoutError, APIError } from "openai";
import { DEFAULT_MODEL } from "../../config/default-model";
import type { Provider } from "../provider";
import { OPENAI_BASE_URL_PRESETS } from "./base-url-presets";
import { classifyOpenAIAnswer } from "../shared/classify-openai-answer";
import { openAIKinds } from "../shared/openai-kinds";
import { OpenAIProbeClient } from "./openai-client";
import { readOpenAIResponseFacts } from "../shared/openai-response-headers";

/** The OpenAI API and every OpenAI-compatible server (DeepSeek, OpenRouter, Groq, vLLM, Ollama, LiteLLM, one-api…). */
export const openai: Provider<OpenAIProbeClient> = {
  id: "openai",
  label: "OpenAI-compatible",
  defaults: { baseUrl: "https://api.openai.com/v1", model: DEFAULT_MODEL, apiKeyEnv: "OPENAI_API_KEY", baseUrlEnv: "OPENAI_BASE_URL" },
  baseUrlPresets: OPENAI_BASE_URL_PRESETS,
  kinds: openAIKinds<OpenAIProbeClient>(),
  createClient: (options) => new OpenAIProbeClient(options),
  readResponseFacts: readOpenAIResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyOpenAIAnswer,
};
