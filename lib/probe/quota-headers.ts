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

export function hasQuotaFacts(quota: QuotaSnapshot): boolean {
  return Object.values(quota).some((value) => value !== null);
}

/** A non-negative count from a header, or null. */
export function parseCount(value: string | null): number | null {
  if (value === null) return null;
  const number = Number(value.trim());
  return value.trim() !== "" && Number.isFinite(number) && number >= 0 ? number : null;
}

/** retry-after-ms wins; retry-after is seconds or an HTTP date. */
export function parseRetryAfterMs(retryAfterMs: string | null, retryAfter: string | null, now: Date): number | null {
  const precise = parseCount(retryAfterMs);
  if (precise !== null) return precise;
  if (retryAfter === null) return null;
  const seconds = Number(retryAfter.trim());
  if (retryAfter.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

/** What a probe knows when no answer came (or none with these headers). */
export function noResponseFacts(): ResponseFacts {
  return {
    quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    requestId: null,
    processingMs: null,
  };
}
