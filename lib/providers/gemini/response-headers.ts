import { noResponseFacts, parseRetryAfterMs, type ResponseFacts } from "../../probe/quota-headers";
import type { ApiAnswer } from "../provider";

/**
 * The Gemini API sends no rate-limit headers and no request id (its quota
 * figures are in the console; a 429 says which quota ran out in its body,
 * which classify-api-answer reads). A gateway in front of it may send
 * retry-after, which is kept.
 */
export function readGeminiResponseFacts(headers: ApiAnswer["headers"] | null, now: Date = new Date()): ResponseFacts {
  const facts = noResponseFacts();
  facts.quota.retryAfterMs = parseRetryAfterMs(headers?.get("retry-after-ms") ?? null, headers?.get("retry-after") ?? null, now);
  return facts;
}
