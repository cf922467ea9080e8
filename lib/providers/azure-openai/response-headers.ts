import type { ResponseFacts } from "../../probe/quota-headers";
import type { ApiAnswer } from "../provider";
import { readOpenAIResponseFacts } from "../shared/openai-response-headers";

/**
 * Azure sends OpenAI's x-ratelimit-* headers and retry-after-ms (which the
 * reader honours first), and names requests in apim-request-id.
 */
export function readAzureResponseFacts(headers: ApiAnswer["headers"] | null, now: Date = new Date()): ResponseFacts {
  const facts = readOpenAIResponseFacts(headers, now);
  facts.requestId = headers?.get("apim-request-id") ?? facts.requestId;
  return facts;
}
