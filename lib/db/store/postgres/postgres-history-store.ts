import type pg from "pg";
import { bucketFromRow, type RollupRow } from "../../../monitoring/rollup-bucket";
import { decodeResultRow, msFromStored, STORED_RESULT_COLUMNS, type StoredResultRow } from "../../../monitoring/probe-result-codec";
import { toExportedResult, toStoredResult, type ExportedResult, type HistoryStore, type IncidentRow, type ResultCursor, type ResultsQuery, type RollupAt, type StoredResult, type StreamSample } from "../history-store";
import { pgTime } from "./pg-pool";

/** The codec's columns, quoted so that pg keeps their case. */
const RESULT_COLUMNS = STORED_RESULT_COLUMNS.split(",")
  .map((column) => `"${column.trim()}"`)
  .join(", ");

/** A ProbeResult row as pg gives it: `ok` is a boolean there. */
type PgResultRow = Omit<StoredResultRow, "ok"> & { ok: boolean };

/** A pg row in SQLite's shape (ok as 0/1), so both engines decode through the one codec. */
function decodePgRow(row: PgResultRow) {
  return decodeResultRow({ ...row, ok: row.ok ? 1 : 0 });
}

const ROLLUP_COLUMNS = `bucket, total, "okCount", "kindCounts", "latencySumMs", "latencyMinMs", "latencyMaxMs", "latencyHist",
                "dnsSumMs", "connectSumMs", "tunnelSumMs", "tlsSumMs", "ttfbSumMs"`;

/** HistoryStore on PostgreSQL: the same answers as SqliteHistoryStore (the specification). */
export class PostgresHistoryStore implements HistoryStore {
  constructor(private readonly pool: pg.Pool) {}

  async listResults({ routeId, from, to, limit, failuresOnly, before = null }: ResultsQuery): Promise<StoredResult[]> {
    const { rows } = await this.pool.query<PgResultRow>(
      `SELECT ${RESULT_COLUMNS} FROM "ProbeResult" WHERE "routeId" = $1 AND at >= $2 AND at < $3 ${failuresOnly ? "AND NOT ok" : ""}
          ${before ? "AND (at < $5 OR (at = $5 AND id < $6))" : ""}
        ORDER BY at DESC, id DESC LIMIT $4`,
      [routeId, pgTime(from), pgTime(to), limit, ...(before ? [pgTime(before.at), before.id] : [])],
    );
    return rows.map(decodePgRow).map(toStoredResult);
  }

  async findResultCursor(routeId: number, resultId: number): Promise<ResultCursor | null> {
    const { rows } = await this.pool.query<ResultCursor>(`SELECT id, at FROM "ProbeResult" WHERE id = $1 AND "routeId" = $2`, [resultId, routeId]);
    return rows[0] ? { at: rows[0].at, id: rows[0].id } : null;
  }

  async listSuccessTimes({ routeId, after, before }: { routeId: number; after: number; before: number }): Promise<number[]> {
    const { rows } = await this.pool.query<{ at: number }>(`SELECT at FROM "ProbeResult" WHERE "routeId" = $1 AND ok AND at > $2 AND at < $3 ORDER BY at DESC`, [
      routeId,
      pgTime(after),
      pgTime(before),
    ]);
    return rows.map((row) => row.at);
  }

  async listExportPage({ routeId, to, after, limit }: { routeId: number; to: number; after: ResultCursor; limit: number }): Promise<ExportedResult[]> {
    const { rows } = await this.pool.query<PgResultRow>(
      `SELECT ${RESULT_COLUMNS}
         FROM "ProbeResult" WHERE "routeId" = $1 AND at < $2 AND (at > $3 OR (at = $3 AND id > $4))
        ORDER BY at, id LIMIT $5`,
      [routeId, pgTime(to), pgTime(after.at), after.id, limit],
    );
    return rows.map(decodePgRow).map(toExportedResult);
  }

  async listRollups({ routeId, size, from, to }: { routeId: number; size: "minute" | "hour"; from: number; to: number }): Promise<RollupAt[]> {
    const { rows } = await this.pool.query<RollupRow & { bucket: number }>(
      `SELECT ${ROLLUP_COLUMNS} FROM "${size === "hour" ? "RollupHour" : "RollupMinute"}"
        WHERE "routeId" = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket`,
      [routeId, pgTime(from), pgTime(to)],
    );
    return rows.map(({ bucket, ...row }) => ({ bucket, rollup: bucketFromRow(row) }));
  }

  async sumMonths({ routeId, from, to }: { routeId: number; from: number; to: number }): Promise<Array<{ month: string; total: number; ok: number }>> {
    // Buckets are UTC times (timestamp without time zone), so their text month is the UTC month.
    const { rows } = await this.pool.query<{ month: string; total: number; ok: number }>(
      `SELECT to_char(bucket, 'YYYY-MM') AS month, SUM(total) AS total, SUM("okCount") AS ok
         FROM "RollupHour" WHERE "routeId" = $1 AND bucket >= $2 AND bucket < $3 GROUP BY month ORDER BY month`,
      [routeId, pgTime(from), pgTime(to)],
    );
    return rows;
  }

  async listStreamSamples({ routeId, from, to }: { routeId: number; from: number; to: number }): Promise<StreamSample[]> {
    const { rows } = await this.pool.query<{ at: number; ttftMsX100: number; streamMsX100: number | null; completionTokens: number | null }>(
      `SELECT at, "ttftMsX100", "streamMsX100", "completionTokens" FROM "ProbeResult"
        WHERE "routeId" = $1 AND at >= $2 AND at < $3 AND "ttftMsX100" IS NOT NULL ORDER BY at`,
      [routeId, pgTime(from), pgTime(to)],
    );
    return rows.map((row) => ({ at: row.at, ttftMs: msFromStored(row.ttftMsX100)!, streamMs: msFromStored(row.streamMsX100), completionTokens: row.completionTokens }));
  }

  async listIncidents({ from, to, limit, routeIds }: { from: number; to: number; limit: number; routeIds?: number[] }): Promise<IncidentRow[]> {
    const { rows } = await this.pool.query<IncidentRow>(
      `SELECT i.id, i."routeId", t.name AS target, p.name AS proxy, i."startedAt", i."endedAt", i.kind, i.note
         FROM "Incident" i JOIN "Route" r ON r.id = i."routeId" JOIN "Proxy" p ON p.id = r."proxyId" JOIN "Target" t ON t.id = r."targetId"
        WHERE i."startedAt" >= $1 AND i."startedAt" < $2 ${routeIds ? `AND i."routeId" = ANY($4::int[])` : ""}
        ORDER BY i."startedAt" DESC, i.id DESC LIMIT $3`,
      [pgTime(from), pgTime(to), limit, ...(routeIds ? [routeIds.map(Number)] : [])],
    );
    return rows;
  }
}
