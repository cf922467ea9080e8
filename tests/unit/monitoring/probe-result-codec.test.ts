import { describe, expect, it } from "vitest";
import { decodeResultRow, encodeResult, msFromStored, msToStored, STORED_RESULT_COLUMNS, type StoredResultRow } from "@/lib/monitoring/probe-result-codec";

describe("stored phase timings", () => {
  it("give back every time the probe measures (hundredths of a millisecond up to 10 minutes) exactly", () => {
    // lib/probe/timings.ts rounds to Math.round(ms * 100) / 100: the stored form must return that very number.
    const mismatches: number[] = [];
    for (let hundredths = 0; hundredths <= 60_000_000; hundredths += hundredths < 200_000 ? 1 : 997) {
      const measured = Math.round((hundredths / 100) * 100) / 100;
      if (msFromStored(msToStored(measured)) !== measured) mismatches.push(measured);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    [null, null],
    [0.004, 0],
    [0.005, 0.01],
    [1.234, 1.23],
    [12.3456, 12.35],
    [15_000, 15_000],
    [Number.NaN, null],
  ])("%s ms is kept as %s ms (to the hundredth, well inside the 0.1 ms the pages show)", (ms, kept) => {
    expect(msFromStored(msToStored(ms))).toBe(kept);
  });
});

describe("a stored result", () => {
  it("reads back with the kind, layer and milliseconds it was written with", () => {
    const encoded = encodeResult(7, {
      at: 1_764_000_000_123,
      ok: false,
      kind: "rate_limited",
      layer: "quota",
      httpStatus: 429,
      message: "Rate limit reached",
      apiErrorCode: "rate_limit_exceeded",
      requestId: "req_1",
      timings: { dnsMs: 0.41, connectMs: 20.07, tunnelMs: 3.5, tlsMs: 41.99, ttfbMs: 201.3, totalMs: 250.01 },
      quota: { limitRequests: 10_000, remainingRequests: 0, limitTokens: 2_000_000, remainingTokens: 1_999_000, retryAfterMs: 1500 },
    });
    const columns = STORED_RESULT_COLUMNS.split(", ");
    const row = Object.fromEntries(columns.map((column) => [column, column === "id" ? 42 : encoded[column]])) as unknown as StoredResultRow;
    expect(decodeResultRow(row)).toEqual({
      id: 42,
      at: 1_764_000_000_123,
      ok: 0,
      kind: "rate_limited",
      layer: "quota",
      httpStatus: 429,
      apiErrorCode: "rate_limit_exceeded",
      message: "Rate limit reached",
      requestId: "req_1",
      dnsMs: 0.41,
      connectMs: 20.07,
      tunnelMs: 3.5,
      tlsMs: 41.99,
      ttfbMs: 201.3,
      totalMs: 250.01,
      limitRequests: 10_000,
      remainingRequests: 0,
      limitTokens: 2_000_000,
      remainingTokens: 1_999_000,
      retryAfterMs: 1500,
      ttftMs: null,
      streamMs: null,
      maxGapMs: null,
      streamChunks: null,
      tokensPerSecond: null,
      midStream: false,
    });
  });

  it("reads back a stream's figures and its mid-stream mark", () => {
    const encoded = encodeResult(7, {
      at: 1_764_000_000_123,
      ok: false,
      kind: "server_error",
      layer: "api",
      usage: { promptTokens: 24, completionTokens: 10, totalTokens: 34 },
      stream: { ttftMs: 210.37, streamMs: 95.5, chunks: 10, maxGapMs: 12.01, outputTokens: 10, tokensPerSecond: 104.7 },
      midStream: true,
    });
    const columns = STORED_RESULT_COLUMNS.split(", ");
    const row = Object.fromEntries(columns.map((column) => [column, column === "id" ? 42 : encoded[column]])) as unknown as StoredResultRow;
    expect(decodeResultRow(row)).toMatchObject({ ttftMs: 210.37, streamMs: 95.5, maxGapMs: 12.01, streamChunks: 10, tokensPerSecond: 104.7, midStream: true });
  });
});
