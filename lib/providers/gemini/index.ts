import type { Provider } from "../provider";
import { classifyGeminiAnswer } from "./classify-api-answer";
import { GeminiApiError, GeminiProbeClient } from "./gemini-client";
import { GEMINI_KINDS } from "./kinds";
import { readGeminiResponseFacts } from "./response-headers";

/** Google's Gemini API (generativelanguage.googleapis.com) with an API key, over REST (see gemini-client for why). */
export const gemini: Provider<GeminiProbeClient> = {
  id: "gemini",
  label: "Gemini",
  // The base URL as the official SDK takes it (and as GOOGLE_GEMINI_BASE_URL gives it): the host, without the version.
  defaults: { baseUrl: "https://generativelanguage.googleapis.com", model: "gemini-2.5-flash-lite", apiKeyEnv: "GEMINI_API_KEY", baseUrlEnv: "GOOGLE_GEMINI_BASE_URL" },
  baseUrlPresets: [{ label: "Gemini API", baseUrl: "https://generativelanguage.googleapis.com" }],
  kinds: GEMINI_KINDS,
  createClient: (options) => new GeminiProbeClient(options),
  readResponseFacts: readGeminiResponseFacts,
  apiAnswerOf: (_client, error) => (error instanceof GeminiApiError ? { status: error.status, headers: error.headers, body: error.body } : null),
  // No SDK timeout: the probe's own deadline is the only clock.
  isSdkTimeout: () => false,
  classifyApiAnswer: classifyGeminiAnswer,
};
