import { kindCode, kindFromCode, layerCode, layerFromCode } from "../classify/kind-codes";
import type { ProbeResult } from "../probe/run-probe";
import { tokensPerSecond } from "../probe/stream-facts";

/**
 * The stored form of a raw result, kept small (10 M results must fit in
 * about 1 GB): kind and layer as codes, phase timings as integer hundredths
 * of a millisecond (what lib/probe/timings.ts measures, so nothing is lost;
 * an INTEGER takes 1–4 bytes where a REAL takes 8). Everything that reads or
 * writes ProbeResult goes through here, so callers see kind names and
 * milliseconds as before.
 */

/** The columns of "ProbeResult" that reads select, in table order. */
export const STORED_RESULT_COLUMNS =
  "id, routeId, at, ok, kindCode, layerCode, httpStatus, totalMsX100, ttfbMsX100, connectMsX100, tlsMsX100, dnsMsX100, tunnelMsX100, " +
  "remainingRequests, remainingTokens, limitRequests, limitTokens, retryAfterMs, completionTokens, message, apiErrorCode, requestId, " +
  "ttftMsX100, streamMsX100, maxGapMsX100, streamChunks, midStream";

/** A ProbeResult row as SQLite holds it. */
export interface StoredResultRow {
  id: number;
  routeId: number;
  at: number;
  ok: number;
  kindCode: number;
  layerCode: number | null;
  httpStatus: number | null;
  totalMsX100: number | null;
  ttfbMsX100: number | null;
  connectMsX100: number | null;
  tlsMsX100: number | null;
  dnsMsX100: number | null;
  tunnelMsX100: number | null;
  remainingRequests: number | null;
  remainingTokens: number | null;
  limitRequests: number | null;
  limitTokens: number | null;
  retryAfterMs: number | null;
  completionTokens: number | null;
  message: string | null;
  apiErrorCode: string | null;
  requestId: string | null;
  ttftMsX100: number | null;
  streamMsX100: number | null;
  maxGapMsX100: number | null;
  streamChunks: number | null;
  midStream: number | null;
}

/** A ProbeResult row as readers see it (times as epoch ms, ok as 0/1, kind and layer by name, timings in ms). */
export interface ProbeResultRow {
  id: number;
  at: number;
  ok: number;
  kind: string;
  layer: string | null;
  httpStatus: number | null;
  apiErrorCode: string | null;
  message: string | null;
  requestId: string | null;
  dnsMs: number | null;
  connectMs: number | null;
  tunnelMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  totalMs: number | null;
  limitRequests: number | null;
  remainingRequests: number | null;
  limitTokens: number | null;
  remainingTokens: number | null;
  retryAfterMs: number | null;
  /** Streaming kinds: what the stream measured (null otherwise). */
  ttftMs: number | null;
  streamMs: number | null;
  maxGapMs: number | null;
  streamChunks: number | null;
  /** Output tokens per second over the stream, when the API told its output tokens. */
  tokensPerSecond: number | null;
  midStream: boolean;
}

/** Milliseconds to the stored hundredths (rounded: finer digits are noise next to a phase's 2 ms promise). */
export function msToStored(ms: number | null): number | null {
  return ms === null || !Number.isFinite(ms) ? null : Math.round(ms * 100);
}

/** Stored hundredths back to milliseconds: the same number lib/probe/timings.ts gave. */
export function msFromStored(hundredths: number | null): number | null {
  return hundredths === null ? null : hundredths / 100;
}

export function decodeResultRow(row: StoredResultRow): ProbeResultRow {
  return {
    id: row.id,
    at: row.at,
    ok: row.ok,
    kind: kindFromCode(row.kindCode),
    layer: layerFromCode(row.layerCode),
    httpStatus: row.httpStatus,
    apiErrorCode: row.apiErrorCode,
    message: row.message,
    requestId: row.requestId,
    dnsMs: msFromStored(row.dnsMsX100),
    connectMs: msFromStored(row.connectMsX100),
    tunnelMs: msFromStored(row.tunnelMsX100),
    tlsMs: msFromStored(row.tlsMsX100),
    ttfbMs: msFromStored(row.ttfbMsX100),
    totalMs: msFromStored(row.totalMsX100),
    limitRequests: row.limitRequests,
    remainingRequests: row.remainingRequests,
    limitTokens: row.limitTokens,
    remainingTokens: row.remainingTokens,
    retryAfterMs: row.retryAfterMs,
    ttftMs: msFromStored(row.ttftMsX100),
    streamMs: msFromStored(row.streamMsX100),
    maxGapMs: msFromStored(row.maxGapMsX100),
    streamChunks: row.streamChunks,
    tokensPerSecond: tokensPerSecond(row.completionTokens, msFromStored(row.streamMsX100)),
    midStream: row.midStream === 1,
  };
}


export const INSERT_RESULT_SQL = `INSERT INTO "ProbeResult" (routeId, at, ok, kindCode, layerCode, httpStatus,
    totalMsX100, ttfbMsX100, connectMsX100, tlsMsX100, dnsMsX100, tunnelMsX100,
    remainingRequests, remainingTokens, limitRequests, limitTokens, resetRequestsMs, resetTokensMs, retryAfterMs,
    promptTokens, completionTokens, message, apiErrorCode, requestId, ttftMsX100, streamMsX100, maxGapMsX100, streamChunks, midStream)
  VALUES (@routeId, @at, @ok, @kindCode, @layerCode, @httpStatus,
    @totalMsX100, @ttfbMsX100, @connectMsX100, @tlsMsX100, @dnsMsX100, @tunnelMsX100,
    @remainingRequests, @remainingTokens, @limitRequests, @limitTokens, @resetRequestsMs, @resetTokensMs, @retryAfterMs,
    @promptTokens, @completionTokens, @message, @apiErrorCode, @requestId, @ttftMsX100, @streamMsX100, @maxGapMsX100, @streamChunks, @midStream)`;

/** What a stored result is made of: a probe's result, or part of one (benchmarks and tests write only some fields). */
export interface ResultToStore {
  at: number;
  ok: boolean;
  kind: string;
  layer: string | null;
  httpStatus?: number | null;
  message?: string | null;
  apiErrorCode?: string | null;
  requestId?: string | null;
  timings?: Partial<ProbeResult["timings"]>;
  quota?: Partial<ProbeResult["quota"]>;
  usage?: ProbeResult["usage"];
  stream?: ProbeResult["stream"];
  midStream?: boolean;
}

/** The named parameters of INSERT_RESULT_SQL for one result. */
export function encodeResult(routeId: number, result: ResultToStore): Record<string, number | string | null> {
  const t = result.timings ?? {};
  const q = result.quota ?? {};
  return {
    routeId,
    at: result.at,
    ok: result.ok ? 1 : 0,
    kindCode: kindCode(result.kind),
    layerCode: layerCode(result.layer),
    httpStatus: result.httpStatus ?? null,
    totalMsX100: msToStored(t.totalMs ?? null),
    ttfbMsX100: msToStored(t.ttfbMs ?? null),
    connectMsX100: msToStored(t.connectMs ?? null),
    tlsMsX100: msToStored(t.tlsMs ?? null),
    dnsMsX100: msToStored(t.dnsMs ?? null),
    tunnelMsX100: msToStored(t.tunnelMs ?? null),
    remainingRequests: q.remainingRequests ?? null,
    remainingTokens: q.remainingTokens ?? null,
    limitRequests: q.limitRequests ?? null,
    limitTokens: q.limitTokens ?? null,
    resetRequestsMs: q.resetRequestsMs ?? null,
    resetTokensMs: q.resetTokensMs ?? null,
    retryAfterMs: q.retryAfterMs ?? null,
    promptTokens: result.usage?.promptTokens ?? null,
    completionTokens: result.usage?.completionTokens ?? null,
    message: result.message ?? null,
    apiErrorCode: result.apiErrorCode ?? null,
    requestId: result.requestId ?? null,
    ttftMsX100: msToStored(result.stream?.ttftMs ?? null),
    streamMsX100: msToStored(result.stream?.streamMs ?? null),
    maxGapMsX100: msToStored(result.stream?.maxGapMs ?? null),
    streamChunks: result.stream?.chunks ?? null,
    midStream: result.midStream ? 1 : null,
  };
}
