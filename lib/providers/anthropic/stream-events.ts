import type { StreamEvent, StreamEventReading } from "../provider";
import { isText, parseEventJson, tokenCount } from "../stream-request";

/**
 * One event of a streamed message (RawMessageStreamEvent in the SDK's
 * types): message_start (its usage holds the input tokens),
 * content_block_start/delta/stop, message_delta (the stop reason and the
 * output tokens so far), message_stop, ping, and `event: error` with the
 * error envelope, which the SDK throws as an APIError. Like the SDK, an
 * event without a name is skipped.
 */
export function readMessageStreamEvent({ event, data }: StreamEvent, status: number): StreamEventReading {
  if (event === null || event === "ping" || data === "") return {};
  const json = parseEventJson(data, status);
  if (event === "error") return { error: { status: statusOfErrorType(json), body: { json, text: data } } };
  switch (json.type) {
    case "message_start": {
      const usage = record(record(json.message).usage);
      return { usage: { promptTokens: tokenCount(usage.input_tokens), completionTokens: tokenCount(usage.output_tokens), totalTokens: null } };
    }
    case "content_block_delta": {
      const delta = record(json.delta);
      return { content: isText(delta.text) || isText(delta.partial_json) };
    }
    case "message_delta": {
      const usage = record(json.usage);
      const reading: StreamEventReading = {
        // Output tokens so far (cumulative); some gateways give the input tokens only here.
        usage: { promptTokens: positive(usage.input_tokens), completionTokens: tokenCount(usage.output_tokens), totalTokens: null },
      };
      if (isText(record(json.delta).stop_reason)) reading.end = "answer";
      return reading;
    }
    case "message_stop":
      return { end: "stream" };
    default:
      return {};
  }
}

/**
 * The HTTP status each error type is answered with (Anthropic's errors
 * documentation), for an error that came inside a stream begun with a 200.
 */
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function statusOfErrorType(json: Record<string, unknown>): number {
  const type = record(json.error).type;
  return typeof type === "string" && Object.hasOwn(STATUS_OF_TYPE, type) ? STATUS_OF_TYPE[type]! : 500;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function positive(value: unknown): number | null {
  const number = tokenCount(value);
  return number === null || number === 0 ? null : number;
}
