import type { Sqlite } from "../db/sqlite";
import { decodeResultRow, STORED_RESULT_COLUMNS, type StoredResultRow } from "./probe-result-codec";

export type { ProbeResultRow } from "./probe-result-codec";

export interface StoredResult {
  id: number;
  at: string;
  ok: boolean;
  kind: string;
  layer: string | null;
  httpStatus: number | null;
  apiErrorCode: string | null;
  message: string | null;
  requestId: string | null;
  timings: { dnsMs: number | null; connectMs: number | null; tunnelMs: number | null; tlsMs: number | null; ttfbMs: number | null; totalMs: number | null };
  quota: { limitRequests: number | null; remainingRequests: number | null; limitTokens: number | null; remainingTokens: number | null; retryAfterMs: number | null };
  /** The API's error came inside a stream begun with a 2xx. */
  midStream: boolean;
  /** What a streaming kind measured (null for other kinds, or when no stream began). */
  stream: { ttftMs: number | null; streamMs: number | null; chunks: number; maxGapMs: number | null; tokensPerSecond: number | null } | null;
}

/** Where a page of results ends: the next page holds what comes after this row in (at, id) descending order. */
export interface ResultCursor {
  at: number;
  id: number;
}

/**
 * A route's raw results in [from, to), newest first, at most `limit`;
 * optionally failures only, and optionally only those older than `before`
 * (the order is by time, then id: rows of the same millisecond are not
 * skipped or repeated between pages).
 */
export function listRouteResults(db: Sqlite, routeId: number, options: { from: number; to: number; limit: number; failuresOnly?: boolean; before?: ResultCursor | null }): StoredResult[] {
  const before = options.before ?? null;
  const rows = db
    .prepare(
      `SELECT ${STORED_RESULT_COLUMNS} FROM "ProbeResult" WHERE routeId = ? AND at >= ? AND at < ? ${options.failuresOnly ? "AND ok = 0" : ""}
        ${before ? "AND (at < ? OR (at = ? AND id < ?))" : ""}
        ORDER BY at DESC, id DESC LIMIT ?`,
    )
    .all(routeId, options.from, options.to, ...(before ? [before.at, before.at, before.id] : []), options.limit) as StoredResultRow[];
  return rows.map(decodeResultRow).map((row) => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    ok: row.ok === 1,
    kind: row.kind,
    layer: row.layer,
    httpStatus: row.httpStatus,
    apiErrorCode: row.apiErrorCode,
    message: row.message,
    requestId: row.requestId,
    timings: { dnsMs: row.dnsMs, connectMs: row.connectMs, tunnelMs: row.tunnelMs, tlsMs: row.tlsMs, ttfbMs: row.ttfbMs, totalMs: row.totalMs },
    quota: { limitRequests: row.limitRequests, remainingRequests: row.remainingRequests, limitTokens: row.limitTokens, remainingTokens: row.remainingTokens, retryAfterMs: row.retryAfterMs },
    midStream: row.midStream,
    stream: row.streamChunks === null ? null : { ttftMs: row.ttftMs, streamMs: row.streamMs, chunks: row.streamChunks, maxGapMs: row.maxGapMs, tokensPerSecond: row.tokensPerSecond },
  }));
}
