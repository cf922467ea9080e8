import { parseCount, parseRetryAfterMs, type ResponseFacts } from "../../probe/quota-headers";
import type { ApiAnswer } from "../provider";

/** OpenAI's rate-limit headers (x-ratelimit-*), request id and processing time. */
export function readOpenAIResponseFacts(headers: ApiAnswer["headers"] | null, now: Date = new Date()): ResponseFacts {
  const get = (name: string) => headers?.get(name) ?? null;
  return {
    quota: {
      limitRequests: parseCount(get("x-ratelimit-limit-requests")),
      remainingRequests: parseCount(get("x-ratelimit-remaining-requests")),
      resetRequestsMs: parseDurationMs(get("x-ratelimit-reset-requests")),
      limitTokens: parseCount(get("x-ratelimit-limit-tokens")),
      remainingTokens: parseCount(get("x-ratelimit-remaining-tokens")),
      resetTokensMs: parseDurationMs(get("x-ratelimit-reset-tokens")),
      retryAfterMs: parseRetryAfterMs(get("retry-after-ms"), get("retry-after"), now),
    },
    requestId: get("x-request-id"),
    processingMs: parseCount(get("openai-processing-ms")),
  };
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, "µs": 0.001, ns: 0.000001 };

/**
 * OpenAI's reset headers are Go-style durations ("1s", "6m0s", "20ms",
 * "1h2m3.5s"); a bare number is taken as seconds.
 */
export function parseDurationMs(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // µ written as an escape: the bundles stay ASCII (see bundle-entry.mjs).
  const pattern = /(\d+(?:\.\d+)?)(ms|us|\u00b5s|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
    consumed = pattern.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) return null;
  return Math.round(total * 1000) / 1000;
}

