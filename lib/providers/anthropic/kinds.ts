import { checkShape } from "../check-shape";
import type { ProviderProbeKind } from "../provider";
import type { AnthropicProbeClient } from "./anthropic-client";
import { STREAM_MAX_TOKENS, STREAM_PROMPT } from "../stream-request";
import { MessageAnswer, ModelPageAnswer } from "./answer-shapes";
import { readMessageStreamEvent } from "./stream-events";

/** The Anthropic API's probe kinds, in its descriptor's order: a new kind is one entry here and one there. */
export const ANTHROPIC_KINDS = {
  messages: {
    send: (client, model, { signal, fetchOptions }) =>
      client.messages
        // One output token: probes cost money.
        .create({ model, max_tokens: 1, messages: [{ role: "user", content: "Reply with OK." }] }, { signal, fetchOptions })
        .asResponse(),
    readAnswer: (body, status) => {
      const message = checkShape(MessageAnswer, body, status, "a message");
      const { input_tokens: promptTokens, output_tokens: completionTokens } = message.usage;
      return { usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } };
    },
  },
  "messages-stream": {
    streaming: true,
    endEvent: "event: message_stop",
    send: (client, model, { signal, fetchOptions }) =>
      client.messages
        .create({ model, max_tokens: STREAM_MAX_TOKENS, messages: [{ role: "user", content: STREAM_PROMPT }], stream: true }, { signal, fetchOptions })
        .asResponse(),
    readEvent: readMessageStreamEvent,
  },
  models: {
    send: (client, _model, { signal, fetchOptions }) => client.models.list({}, { signal, fetchOptions }).asResponse(),
    readAnswer: (body, status) => {
      const page = checkShape(ModelPageAnswer, body, status, "a model list");
      // Usable (the route and key work), but a key that sees no model cannot send messages.
      if (page.data.length === 0) return { usage: null, note: `HTTP ${status} OK, but the model list is empty (the key may have access to no model)` };
      return { usage: null };
    },
  },
} as const satisfies Record<string, ProviderProbeKind<AnthropicProbeClient>>;
