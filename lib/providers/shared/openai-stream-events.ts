import type { StreamEventReading } from "../provider";
import { isText, parseEventJson, tokenCount } from "../stream-request";
import { QUOTA_CODES } from "./classify-openai-answer";

/**
 * One event of a streamed chat completion (ChatCompletionChunk in the
 * openai SDK's types): `data: {…"choices":[{"delta":{"content":…},"finish_reason":…}]}`,
 * a last chunk with `usage` and no choices when asked for
 * (`stream_options.include_usage`), then `data: [DONE]`. An error inside the
 * stream comes as `data: {"error":{…}}` (the SDK throws it as an APIError
 * without a status).
 */
export function readChatCompletionChunk(data: string, status: number): StreamEventReading {
  if (data.trim() === "[DONE]") return { end: "stream" };
  const chunk = parseEventJson(data, status);
  if (chunk.error) return { error: { status: impliedOpenAIErrorStatus(chunk.error), body: { json: chunk, text: data } } };
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as Array<Record<string, unknown> | null>) : [];
  const reading: StreamEventReading = {};
  for (const choice of choices) {
    const delta = (choice?.delta ?? null) as Record<string, unknown> | null;
    if (delta && (isText(delta.content) || isText(delta.refusal) || (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0))) reading.content = true;
    if (isText(choice?.finish_reason)) reading.end = "answer";
  }
  const usage = chunk.usage as Record<string, unknown> | null | undefined;
  if (usage && typeof usage === "object") {
    reading.usage = { promptTokens: tokenCount(usage.prompt_tokens), completionTokens: tokenCount(usage.completion_tokens), totalTokens: tokenCount(usage.total_tokens) };
  }
  return reading;
}

/**
 * The status an error sent inside a stream goes with (the stream itself is a
 * 200): a numeric code when a compatible server gives one, else what its
 * type or code means as an HTTP answer.
 */
export function impliedOpenAIErrorStatus(error: unknown): number {
  const { code, type } = (error && typeof error === "object" ? error : {}) as { code?: unknown; type?: unknown };
  if (typeof code === "number" && code >= 400 && code <= 599) return code;
  const words = [code, type].filter((value): value is string => typeof value === "string");
  if (words.some((word) => QUOTA_CODES.has(word) || /rate_limit|^requests$|^tokens$/.test(word))) return 429;
  if (words.some((word) => /invalid_api_key|authentication/.test(word))) return 401;
  if (words.includes("invalid_request_error")) return 400;
  return 500;
}
