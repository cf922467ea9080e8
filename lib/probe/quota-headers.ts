/** Rate-limit and quota facts the API sends in its response headers. */
export interface QuotaSnapshot {
  limitRequests: number | null;
  remainingRequests: number | null;
  resetRequestsMs: number | null;
  limitTokens: number | null;
  remainingTokens: number | null;
  resetTokensMs: number | null;
  retryAfterMs: number | null;
}

export interface ResponseFacts {
  quota: QuotaSnapshot;
  requestId: string | null;
  processingMs: number | null;
}

type HeaderSource = { get(name: string): string | null } | null | undefined;

export function readResponseFacts(headers: HeaderSource, now: Date = new Date()): ResponseFacts {
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

export function hasQuotaFacts(quota: QuotaSnapshot): boolean {
  return Object.values(quota).some((value) => value !== null);
}

function parseCount(value: string | null): number | null {
  if (value === null) return null;
  const number = Number(value.trim());
  return value.trim() !== "" && Number.isFinite(number) && number >= 0 ? number : null;
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
  const pattern = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
    consumed = pattern.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) return null;
  return Math.round(total * 1000) / 1000;
}

/** retry-after-ms wins; retry-after is seconds or an HTTP date. */
function parseRetryAfterMs(retryAfterMs: string | null, retryAfter: string | null, now: Date): number | null {
  const precise = parseCount(retryAfterMs);
  if (precise !== null) return precise;
  if (retryAfter === null) return null;
  const seconds = Number(retryAfter.trim());
  if (retryAfter.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
