import { APIConnectionTimeoutError, APIError } from "openai";
import type { Provider } from "../provider";
import { classifyOpenAIAnswer } from "./classify-api-answer";
import { OPENAI_KINDS } from "./kinds";
import { OpenAIProbeClient } from "./openai-client";
import { readOpenAIResponseFacts } from "./response-headers";

/** The OpenAI API and every OpenAI-compatible server (DeepSeek, OpenRouter, Groq, vLLM, Ollama, LiteLLM, one-api…). */
export const openai: Provider<OpenAIProbeClient> = {
  id: "openai",
  label: "OpenAI-compatible",
  kinds: OPENAI_KINDS,
  createClient: (options) => new OpenAIProbeClient(options),
  readResponseFacts: readOpenAIResponseFacts,
  apiAnswerOf: (client, error) =>
    error instanceof APIError && typeof error.status === "number" ? { status: error.status, headers: error.headers, body: client.errorBodyOf(error) } : null,
  isSdkTimeout: (error) => error instanceof APIConnectionTimeoutError,
  classifyApiAnswer: classifyOpenAIAnswer,
};
