import { checkShape } from "../check-shape";
import type { ProviderProbeKind } from "../provider";
import { STREAM_MAX_TOKENS, STREAM_PROMPT } from "../stream-request";
import { GenerateContentAnswer, ModelListAnswer } from "./answer-shapes";
import { readGenerateContentChunk } from "./stream-events";
import { modelPath, type GeminiProbeClient } from "./gemini-client";

/** The Gemini API's probe kinds, in its descriptor's order: a new kind is one entry here and one there. */
export const GEMINI_KINDS = {
  generate: {
    send: (client, model, request) =>
      client.send(
        "POST",
        `${modelPath(model)}:generateContent`,
        // One output token: probes cost money.
        { contents: [{ role: "user", parts: [{ text: "Reply with OK." }] }], generationConfig: { maxOutputTokens: 1 } },
        request,
      ),
    readAnswer: (body, status) => {
      const answer = checkShape(GenerateContentAnswer, body, status, "a generateContent answer");
      const usage = answer.usageMetadata;
      const tokens = { promptTokens: usage?.promptTokenCount ?? null, completionTokens: usage?.candidatesTokenCount ?? null, totalTokens: usage?.totalTokenCount ?? null };
      const blocked = answer.promptFeedback?.blockReason;
      if (!answer.candidates?.length && blocked) return { usage: tokens, note: `HTTP ${status} OK, but the API blocked the probe's prompt (${blocked}): the route and key work` };
      return { usage: tokens };
    },
  },
  "generate-stream": {
    streaming: true,
    endEvent: "a finishReason",
    send: (client, model, request) =>
      client.send(
        "POST",
        `${modelPath(model)}:streamGenerateContent?alt=sse`,
        { contents: [{ role: "user", parts: [{ text: STREAM_PROMPT }] }], generationConfig: { maxOutputTokens: STREAM_MAX_TOKENS } },
        request,
        "text/event-stream",
      ),
    readEvent: ({ data }, status) => readGenerateContentChunk(data, status),
  },
  models: {
    send: (client, _model, request) => client.send("GET", "models?pageSize=50", undefined, request),
    readAnswer: (body, status) => {
      const list = checkShape(ModelListAnswer, body, status, "a model list");
      // Usable (the route and key work), but a key that sees no model cannot generate.
      if (!list.models?.length) return { usage: null, note: `HTTP ${status} OK, but the model list is empty (the key may have access to no model)` };
      return { usage: null };
    },
  },
} as const satisfies Record<string, ProviderProbeKind<GeminiProbeClient>>;
