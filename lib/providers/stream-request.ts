import { UnexpectedResponseError } from "../classify/classify-outcome";

/**
 * What every streaming probe asks for: a short answer of a known length, so
 * that it streams as several chunks (enough to see whether they arrive
 * spread out or in one burst) while costing few tokens.
 */
export const STREAM_PROMPT = "Count from 1 to 20, separated by spaces. Reply with the numbers only.";

/** Room for the count (about 20–40 tokens in current tokenizers) and no more. */
export const STREAM_MAX_TOKENS = 64;

/** One streamed event's JSON data; anything else is not this API's event. */
export function parseEventJson(data: string, status: number): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new UnexpectedResponseError(`HTTP ${status} stream with an event that is not JSON: ${JSON.stringify(data.slice(0, 80))}`, status);
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw new UnexpectedResponseError(`HTTP ${status} stream with an event that is not a JSON object: ${JSON.stringify(data.slice(0, 80))}`, status);
  }
  return json as Record<string, unknown>;
}

/** A non-empty string: a piece of output text. */
export function isText(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/** A count of tokens as an API reports it: a whole number of zero or more, else unknown (a hostile or broken usage is not stored). */
export function tokenCount(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
