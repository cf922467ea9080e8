import type { StreamEvent, StreamEventReading, TokenUsage } from "../provider";
import { isText, parseEventJson, tokenCount } from "../stream-request";
import { impliedOpenAIErrorStatus } from "./openai-stream-events";

/**
 * One event of a streamed Responses API answer (ResponseStreamEvent in the
 * openai SDK's types): `response.output_text.delta` and its kin carry the
 * output; `response.completed` (or `response.incomplete`, when
 * max_output_tokens ran out) ends it with the usage; `response.failed` holds
 * the response's error, and an `error` event an error of its own.
 */
export function readResponseStreamEvent({ data }: StreamEvent, status: number): StreamEventReading {
  const event = parseEventJson(data, status);
  switch (event.type) {
    case "response.output_text.delta":
    case "response.refusal.delta":
    case "response.function_call_arguments.delta":
      return { content: isText(event.delta) };
    case "response.completed":
    case "response.incomplete":
      return { end: "stream", usage: responseUsage(record(event.response).usage) };
    case "response.failed":
      return apiError(record(record(event.response).error), data);
    case "error":
      return apiError(event, data);
    default:
      return {};
  }
}

/** The Responses API's usage (input_tokens, output_tokens, total_tokens) in our terms. */
export function responseUsage(value: unknown): TokenUsage | undefined {
  if (!value || typeof value !== "object") return undefined;
  const usage = value as Record<string, unknown>;
  return { promptTokens: tokenCount(usage.input_tokens), completionTokens: tokenCount(usage.output_tokens), totalTokens: tokenCount(usage.total_tokens) };
}

/** An error event's `{ code, message }` as an OpenAI error answer, so it is read like one. */
function apiError(error: Record<string, unknown>, data: string): StreamEventReading {
  const code = typeof error.code === "string" ? error.code : null;
  const message = typeof error.message === "string" ? error.message : data.slice(0, 200);
  return { error: { status: impliedOpenAIErrorStatus({ code }), body: { json: { error: { message, type: code, code, param: error.param ?? null } }, text: data } } };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
