import { DEFAULT_MODEL } from "../../config/default-model";
import type { ProviderDescriptor } from "../provider";
import { OPENAI_BASE_URL_PRESETS } from "./base-url-presets";

/** The OpenAI API and every OpenAI-compatible server (DeepSeek, OpenRouter, Groq, vLLM, Ollama, LiteLLM, one-api…). */
export const openaiDescriptor = {
  id: "openai",
  label: "OpenAI-compatible",
  defaults: { baseUrl: "https://api.openai.com/v1", model: DEFAULT_MODEL, apiKeyEnv: "OPENAI_API_KEY", baseUrlEnv: "OPENAI_BASE_URL" },
  baseUrlPresets: OPENAI_BASE_URL_PRESETS,
  // chat: one output token (checks quota); chat-stream: a short streamed answer (about 20–40 tokens); embeddings: one
  // short input (for embedding-only models and channels); responses(-stream): the Responses API; models: GET /models.
  kinds: {
    chat: { cost: "tokens" },
    "chat-stream": { cost: "tokens" },
    embeddings: { cost: "tokens" },
    responses: { cost: "tokens" },
    "responses-stream": { cost: "tokens" },
    models: { cost: "free" },
  },
} as const satisfies ProviderDescriptor;
