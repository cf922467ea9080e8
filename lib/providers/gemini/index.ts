import type { Provider } from "../provider";
import { geminiDescriptor } from "./descriptor";
import { classifyGeminiAnswer } from "./classify-api-answer";
import { GeminiApiError, GeminiProbeClient } from "./gemini-client";
import { GEMINI_KINDS } from "./kinds";
import { readGeminiResponseFacts } from "./response-headers";

export const gemini: Provider<GeminiProbeClient> = {
  ...geminiDescriptor,
  kinds: GEMINI_KINDS,
  createClient: (options) => new GeminiProbeClient(options),
  readResponseFacts: readGeminiResponseFacts,
  apiAnswerOf: (_client, error) => (error instanceof GeminiApiError ? { status: error.status, headers: error.headers, body: error.body } : null),
  // No SDK timeout: the probe's own deadline is the only clock.
  isSdkTimeout: () => false,
  classifyApiAnswer: classifyGeminiAnswer,
};
