import type { ProviderDescriptor } from "../provider";

/** Google's Gemini API (generativelanguage.googleapis.com) with an API key, over REST (see gemini-client for why). */
export const geminiDescriptor = {
  id: "gemini",
  label: "Gemini",
  // The key as the official SDK reads it: GEMINI_API_KEY or GOOGLE_API_KEY.
  // The base URL as the official SDK takes it (and as GOOGLE_GEMINI_BASE_URL gives it): the host, without the version.
  defaults: { baseUrl: "https://generativelanguage.googleapis.com", model: "gemini-2.5-flash-lite", apiKeyEnv: "GEMINI_API_KEY", baseUrlEnv: "GOOGLE_GEMINI_BASE_URL", apiKeyEnvAlternatives: ["GOOGLE_API_KEY"] },
  baseUrlPresets: [{ label: "Gemini API", baseUrl: "https://generativelanguage.googleapis.com" }],
  // generate: generateContent with one output token; generate-stream: streamGenerateContent with a short answer (about 20–40 tokens); models: GET /v1beta/models.
  kinds: { generate: { cost: "tokens" }, "generate-stream": { cost: "tokens" }, models: { cost: "free" } },
} as const satisfies ProviderDescriptor;
