import { describe, expect, it } from "vitest";
import { parseDurationMs, readOpenAIResponseFacts as readResponseFacts } from "@/lib/providers/shared/openai-response-headers";

describe("parseDurationMs", () => {
  it.each([
    ["1s", 1000],
    ["6m0s", 360_000],
    ["20ms", 20],
    ["1h2m3.5s", 3_723_500],
    ["0.5s", 500],
    ["7.66s", 7660],
    ["250us", 0.25],
    ["250µs", 0.25],
    ["1m500µs", 60_000.5],
    ["2", 2000],
    [" 3m ", 180_000],
  ])("%s → %d ms", (input, expected) => {
    expect(parseDurationMs(input)).toBe(expected);
  });

  it.each(["", "soon", "1x", "s", "1s garbage", "-1s"])("rejects %j", (input) => {
    expect(parseDurationMs(input)).toBeNull();
  });
});

describe("readResponseFacts", () => {
  it("reads every rate-limit header, the request id and processing time", () => {
    const headers = new Headers({
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "499",
      "x-ratelimit-reset-requests": "120ms",
      "x-ratelimit-limit-tokens": "30000",
      "x-ratelimit-remaining-tokens": "29990",
      "x-ratelimit-reset-tokens": "6m0s",
      "retry-after": "20",
      "openai-processing-ms": "87",
      "x-request-id": "req_abc",
    });
    expect(readResponseFacts(headers)).toEqual({
      quota: {
        limitRequests: 500,
        remainingRequests: 499,
        resetRequestsMs: 120,
        limitTokens: 30000,
        remainingTokens: 29990,
        resetTokensMs: 360_000,
        retryAfterMs: 20_000,
      },
      requestId: "req_abc",
      processingMs: 87,
    });
  });

  it("prefers retry-after-ms and understands an HTTP date", () => {
    expect(readResponseFacts(new Headers({ "retry-after-ms": "1500", "retry-after": "9" })).quota.retryAfterMs).toBe(1500);
    const now = new Date("2026-11-27T10:00:00Z");
    expect(readResponseFacts(new Headers({ "retry-after": "Fri, 27 Nov 2026 10:00:30 GMT" }), now).quota.retryAfterMs).toBe(30_000);
  });

  it("gives nulls for missing or malformed headers", () => {
    const facts = readResponseFacts(new Headers({ "x-ratelimit-remaining-requests": "lots" }));
    expect(Object.values(facts.quota).every((value) => value === null)).toBe(true);
    expect(facts.requestId).toBeNull();
  });
});
