import { bucketFromRow, type RollupRow } from "../../../monitoring/rollup-bucket";
import { decodeResultRow, msFromStored, STORED_RESULT_COLUMNS, type StoredResultRow } from "../../../monitoring/probe-result-codec";
import { prepared } from "../../prepared";
import type { Sqlite } from "../../sqlite";
import { toExportedResult, toStoredResult, type ExportedResult, type HistoryStore, type IncidentRow, type ResultCursor, type ResultsQuery, type RollupAt, type StoredResult, type StreamSample } from "../history-store";

export class SqliteHistoryStore implements HistoryStore {
  constructor(private readonly sqlite: Sqlite) {}

  async listResults({ routeId, from, to, limit, failuresOnly, before = null }: ResultsQuery): Promise<StoredResult[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT ${STORED_RESULT_COLUMNS} FROM "ProbeResult" WHERE routeId = ? AND at >= ? AND at < ? ${failuresOnly ? "AND ok = 0" : ""}
          ${before ? "AND (at < ? OR (at = ? AND id < ?))" : ""}
          ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(routeId, from, to, ...(before ? [before.at, before.at, before.id] : []), limit) as StoredResultRow[];
    return rows.map(decodeResultRow).map(toStoredResult);
  }

  async findResultCursor(routeId: number, resultId: number): Promise<ResultCursor | null> {
    const row = this.sqlite.prepare(`SELECT id, at FROM "ProbeResult" WHERE id = ? AND routeId = ?`).get(resultId, routeId) as { id: number; at: number } | undefined;
    return row ? { at: row.at, id: row.id } : null;
  }

  async listSuccessTimes({ routeId, after, before }: { routeId: number; after: number; before: number }): Promise<number[]> {
    return this.sqlite.prepare(`SELECT at FROM "ProbeResult" WHERE routeId = ? AND ok = 1 AND at > ? AND at < ? ORDER BY at DESC`).pluck().all(routeId, after, before) as number[];
  }

  async listExportPage({ routeId, to, after, limit }: { routeId: number; to: number; after: ResultCursor; limit: number }): Promise<ExportedResult[]> {
    // Prepared once per connection: an export runs this once per page.
    const rows = prepared(
      this.sqlite,
      `SELECT ${STORED_RESULT_COLUMNS}
         FROM "ProbeResult" WHERE routeId = ? AND at < ? AND (at > ? OR (at = ? AND id > ?))
        ORDER BY at, id LIMIT ?`,
    ).all(routeId, to, after.at, after.at, after.id, limit) as StoredResultRow[];
    return rows.map(decodeResultRow).map(toExportedResult);
  }

  async listRollups({ routeId, size, from, to }: { routeId: number; size: "minute" | "hour"; from: number; to: number }): Promise<RollupAt[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT bucket, total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist,
                dnsSumMs, connectSumMs, tunnelSumMs, tlsSumMs, ttfbSumMs
           FROM "${size === "hour" ? "RollupHour" : "RollupMinute"}"
          WHERE routeId = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .all(routeId, from, to) as Array<RollupRow & { bucket: number }>;
    return rows.map(({ bucket, ...row }) => ({ bucket, rollup: bucketFromRow(row) }));
  }

  async sumMonths({ routeId, from, to }: { routeId: number; from: number; to: number }): Promise<Array<{ month: string; total: number; ok: number }>> {
    return this.sqlite
      .prepare(
        `SELECT strftime('%Y-%m', bucket / 1000, 'unixepoch') AS month, SUM(total) AS total, SUM(okCount) AS ok
           FROM "RollupHour" WHERE routeId = ? AND bucket >= ? AND bucket < ? GROUP BY month`,
      )
      .all(routeId, from, to) as Array<{ month: string; total: number; ok: number }>;
  }

  async listStreamSamples({ routeId, from, to }: { routeId: number; from: number; to: number }): Promise<StreamSample[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT at, ttftMsX100, streamMsX100, completionTokens FROM "ProbeResult"
          WHERE routeId = ? AND at >= ? AND at < ? AND ttftMsX100 IS NOT NULL ORDER BY at`,
      )
      .all(routeId, from, to) as Array<{ at: number; ttftMsX100: number; streamMsX100: number | null; completionTokens: number | null }>;
    return rows.map((row) => ({ at: row.at, ttftMs: msFromStored(row.ttftMsX100)!, streamMs: msFromStored(row.streamMsX100), completionTokens: row.completionTokens }));
  }

  async listIncidents({ from, to, limit, routeIds }: { from: number; to: number; limit: number; routeIds?: number[] }): Promise<IncidentRow[]> {
    const only = routeIds ? `AND i.routeId IN (${routeIds.map(Number).join(",") || "NULL"})` : "";
    return this.sqlite
      .prepare(
        `SELECT i.id, i.routeId, t.name AS target, p.name AS proxy, i.startedAt, i.endedAt, i.kind, i.note
           FROM "Incident" i JOIN "Route" r ON r.id = i.routeId JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId
          WHERE i.startedAt >= ? AND i.startedAt < ? ${only}
          ORDER BY i.startedAt DESC, i.id DESC LIMIT ?`,
      )
      .all(from, to, limit) as IncidentRow[];
  }
}
