import type { RollupBucket } from "../../monitoring/rollup-bucket";
import type { ProbeResultRow } from "../../monitoring/probe-result-codec";

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

/** Which of a route's raw results to list: in [from, to), newest first, at most `limit`, optionally failures only and older than `before`. */
export interface ResultsQuery {
  routeId: number;
  from: number;
  to: number;
  limit: number;
  failuresOnly?: boolean;
  before?: ResultCursor | null;
}

/** A raw result as the CSV export writes it (times in ms). */
export interface ExportedResult {
  id: number;
  at: number;
  ok: boolean;
  kind: string;
  layer: string | null;
  httpStatus: number | null;
  apiErrorCode: string | null;
  totalMs: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tunnelMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  requestId: string | null;
  message: string | null;
}

/** A decoded result row as a route's result list shows it (one mapping for every engine). */
export function toStoredResult(row: ProbeResultRow): StoredResult {
  return {
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
  };
}

/** A decoded result row as the export writes it (one mapping for every engine). */
export function toExportedResult(row: ProbeResultRow): ExportedResult {
  return {
    id: row.id,
    at: row.at,
    ok: row.ok === 1,
    kind: row.kind,
    layer: row.layer,
    httpStatus: row.httpStatus,
    apiErrorCode: row.apiErrorCode,
    totalMs: row.totalMs,
    dnsMs: row.dnsMs,
    connectMs: row.connectMs,
    tunnelMs: row.tunnelMs,
    tlsMs: row.tlsMs,
    ttfbMs: row.ttfbMs,
    requestId: row.requestId,
    message: row.message,
  };
}

/** One stored rollup of a route: the bucket's start (ms) and its aggregates. */
export interface RollupAt {
  bucket: number;
  rollup: RollupBucket;
}

/** A streaming probe's figures, as a stream series reads them. */
export interface StreamSample {
  at: number;
  ttftMs: number;
  streamMs: number | null;
  completionTokens: number | null;
}

/** An incident as stored, with its route's names (times in ms). */
export interface IncidentRow {
  id: number;
  routeId: number;
  target: string;
  proxy: string;
  startedAt: number;
  endedAt: number | null;
  kind: string | null;
  note: string | null;
}

/** A route's history: its raw results, rollups and incidents. */
export interface HistoryStore {
  /** A route's raw results in [from, to), newest first (by time, then id: rows of one millisecond are not skipped or repeated between pages). */
  listResults(query: ResultsQuery): Promise<StoredResult[]>;
  /** The paging position of one of a route's stored results, or null when the route has no such result (never, or pruned). */
  findResultCursor(routeId: number, resultId: number): Promise<ResultCursor | null>;
  /** The times (ms) of a route's successful probes in (after, before), newest first. */
  listSuccessTimes(query: { routeId: number; after: number; before: number }): Promise<number[]>;
  /** Up to `limit` of a route's raw results before `to` that come after `after` in (at, id) order, oldest first: one page of an export. */
  listExportPage(query: { routeId: number; to: number; after: ResultCursor; limit: number }): Promise<ExportedResult[]>;
  /** A route's minute or hour rollups with bucket in [from, to), oldest first. */
  listRollups(query: { routeId: number; size: "minute" | "hour"; from: number; to: number }): Promise<RollupAt[]>;
  /** A route's probes and successes per calendar month (UTC, "2026-11") from the hour rollups in [from, to); months without rows are left out. */
  sumMonths(query: { routeId: number; from: number; to: number }): Promise<Array<{ month: string; total: number; ok: number }>>;
  /** A route's streaming probes with a time to first token in [from, to), oldest first. */
  listStreamSamples(query: { routeId: number; from: number; to: number }): Promise<StreamSample[]>;
  /** Incidents that started in [from, to), newest first (optionally of these routes only). */
  listIncidents(query: { from: number; to: number; limit: number; routeIds?: number[] }): Promise<IncidentRow[]>;
}
