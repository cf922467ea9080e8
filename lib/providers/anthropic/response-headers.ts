import { parseCount, parseRetryAfterMs, type ResponseFacts } from "../../probe/quota-headers";
import type { ApiAnswer } from "../provider";

type Get = (name: string) => string | null;

/**
 * Anthropic's rate-limit headers (anthropic-ratelimit-*, resets as RFC 3339
 * times) and request id, in the same snapshot the OpenAI headers give.
 */
export function readAnthropicResponseFacts(headers: ApiAnswer["headers"] | null, now: Date = new Date()): ResponseFacts {
  const get: Get = (name) => headers?.get(name) ?? null;
  const requests = readLimit(get, "requests", now);
  const tokens = tokenLimit(get, now);
  return {
    quota: {
      limitRequests: requests.limit,
      remainingRequests: requests.remaining,
      resetRequestsMs: requests.resetMs,
      limitTokens: tokens.limit,
      remainingTokens: tokens.remaining,
      resetTokensMs: tokens.resetMs,
      // The SDK honours retry-after-ms before retry-after (seconds or an HTTP date); so do we.
      retryAfterMs: parseRetryAfterMs(get("retry-after-ms"), get("retry-after"), now),
    },
    requestId: get("request-id"),
    processingMs: null,
  };
}

interface Limit {
  limit: number | null;
  remaining: number | null;
  resetMs: number | null;
}

function readLimit(get: Get, name: string, now: Date): Limit {
  return {
    limit: parseCount(get(`anthropic-ratelimit-${name}-limit`)),
    remaining: parseCount(get(`anthropic-ratelimit-${name}-remaining`)),
    resetMs: parseResetMs(get(`anthropic-ratelimit-${name}-reset`), now),
  };
}

/**
 * The combined tokens-* limit when sent; otherwise the input or output limit
 * nearer to running out, since either one refuses the next request.
 */
function tokenLimit(get: Get, now: Date): Limit {
  const combined = readLimit(get, "tokens", now);
  if (combined.limit !== null || combined.remaining !== null) return combined;
  const parts = [readLimit(get, "input-tokens", now), readLimit(get, "output-tokens", now)].filter((part) => part.limit !== null || part.remaining !== null);
  const share = (part: Limit) => (part.limit && part.remaining !== null ? part.remaining / part.limit : 1);
  return parts.sort((a, b) => share(a) - share(b))[0] ?? combined;
}

/** An RFC 3339 reset time as milliseconds from now (0 once passed), or null. */
export function parseResetMs(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const text = value.trim();
  // Date.parse also takes "5" or "Tue" as dates: only a full RFC 3339 time counts.
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = Date.parse(text.replace(" ", "T"));
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
