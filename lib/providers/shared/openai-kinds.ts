import type OpenAI from "openai";
import { checkShape } from "../check-shape";
import type { ProviderProbeKind, TokenUsage } from "../provider";
import { STREAM_MAX_TOKENS, STREAM_PROMPT } from "../stream-request";
import { readChatCompletionChunk } from "./openai-stream-events";
import { ChatCompletionAnswer, EmbeddingListAnswer, ModelListAnswer, ResponseAnswer, TokenUsageBody } from "./openai-answer-shapes";
import { readResponseStreamEvent, responseUsage } from "./openai-responses-events";

/**
 * The OpenAI API's probe kinds, for any client of the official SDK (OpenAI,
 * AzureOpenAI): a new kind is one entry here and one in each descriptor that offers it.
 */
export function openAIKinds<Client extends OpenAI>() {
  return {
    chat: {
      send: (client, model, { signal, fetchOptions }) =>
        client.chat.completions
          .create(
            // One output token: probes cost money. max_completion_tokens is what
            // current OpenAI models accept (max_tokens is refused by reasoning models).
            { model, messages: [{ role: "user", content: "Reply with OK." }], max_completion_tokens: 1 },
            { signal, fetchOptions },
          )
          .asResponse(),
      readAnswer: (body, status) => {
        const answer = checkShape(ChatCompletionAnswer, body, status, "a chat completion");
        return { usage: chatUsage(answer.usage) };
      },
    },
    "chat-stream": {
      streaming: true,
      endEvent: "data: [DONE]",
      send: (client, model, { signal, fetchOptions }) =>
        client.chat.completions
          .create(
            {
              model,
              messages: [{ role: "user", content: STREAM_PROMPT }],
              max_completion_tokens: STREAM_MAX_TOKENS,
              stream: true,
              // The usage comes in a last chunk only when asked for.
              stream_options: { include_usage: true },
            },
            { signal, fetchOptions },
          )
          .asResponse(),
      readEvent: ({ data }, status) => readChatCompletionChunk(data, status),
    },
    embeddings: {
      send: (client, model, { signal, fetchOptions }) =>
        // As apps send it: the SDK asks for base64 unless told otherwise.
        client.embeddings.create({ model, input: "ProxyPulse" }, { signal, fetchOptions }).asResponse(),
      readAnswer: (body, status) => {
        const answer = checkShape(EmbeddingListAnswer, body, status, "an embedding list");
        return { usage: chatUsage(answer.usage) };
      },
    },
    responses: {
      send: (client, model, { signal, fetchOptions }) =>
        // 16 is the fewest output tokens the Responses API accepts.
        client.responses.create({ model, input: "Reply with OK.", max_output_tokens: 16 }, { signal, fetchOptions }).asResponse(),
      readAnswer: (body, status) => {
        const answer = checkShape(ResponseAnswer, body, status, "a response");
        return { usage: responseUsage(answer.usage) ?? null };
      },
    },
    "responses-stream": {
      streaming: true,
      endEvent: "event: response.completed",
      send: (client, model, { signal, fetchOptions }) =>
        client.responses.create({ model, input: STREAM_PROMPT, max_output_tokens: STREAM_MAX_TOKENS, stream: true }, { signal, fetchOptions }).asResponse(),
      readEvent: readResponseStreamEvent,
    },
    models: {
      send: (client, _model, { signal, fetchOptions }) => client.models.list({ signal, fetchOptions }).asResponse(),
      readAnswer: (body, status) => {
        const list = checkShape(ModelListAnswer, body, status, "a model list");
        // Usable (the route and key work), but a key that sees no model cannot chat.
        if (list.data.length === 0) return { usage: null, note: `HTTP ${status} OK, but the model list is empty (the key may have access to no model)` };
        return { usage: null };
      },
    },
  } as const satisfies Record<string, ProviderProbeKind<Client>>;
}

/** Usage is optional and only informative: a malformed one is dropped, not fatal. */
function chatUsage(value: unknown): TokenUsage | null {
  const usage = TokenUsageBody.safeParse(value).data;
  return usage ? { promptTokens: usage.prompt_tokens ?? null, completionTokens: usage.completion_tokens ?? null, totalTokens: usage.total_tokens ?? null } : null;
}
