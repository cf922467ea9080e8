import type { Sqlite } from "../../sqlite";
import type { DashboardStore, HourCounts, QuotaSnapshotRow } from "../dashboard-store";

export class SqliteDashboardStore implements DashboardStore {
  constructor(private readonly sqlite: Sqlite) {}

  async listQuotas(): Promise<QuotaSnapshotRow[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT t.id AS targetId, t.name AS targetName, q.at, q.limitRequests, q.remainingRequests, q.resetRequestsMs,
                q.limitTokens, q.remainingTokens, q.resetTokensMs, q.exhausted, CASE WHEN l.id <> 1 THEN l.name END AS location
           FROM "Target" t LEFT JOIN "QuotaSnapshot" q ON q.targetId = t.id LEFT JOIN "Route" r ON r.id = q.routeId LEFT JOIN "Location" l ON l.id = r.locationId
          ORDER BY t.name`,
      )
      .all() as Array<Omit<QuotaSnapshotRow, "exhausted"> & { exhausted: number | null }>;
    return rows.map((row) => ({ ...row, exhausted: row.exhausted === 1 }));
  }

  async listHourCounts({ routeIds, from }: { routeIds: number[]; from: number }): Promise<HourCounts[]> {
    const rows = this.sqlite
      .prepare(`SELECT routeId, bucket, total, okCount, kindCounts FROM "RollupHour" WHERE routeId IN (SELECT value FROM json_each(?)) AND bucket >= ?`)
      .all(JSON.stringify(routeIds), from) as Array<Omit<HourCounts, "kindCounts"> & { kindCounts: string }>;
    return rows.map((row) => ({ ...row, kindCounts: JSON.parse(row.kindCounts) as Record<string, number> }));
  }

  async listProbingLocations(): Promise<Array<{ id: number; name: string }>> {
    return this.sqlite
      .prepare(`SELECT l.id, l.name FROM "Location" l WHERE EXISTS (SELECT 1 FROM "Route" r WHERE r.locationId = l.id AND r.assigned = 1) ORDER BY l.id <> 1, l.name`)
      .all() as Array<{ id: number; name: string }>;
  }
}
