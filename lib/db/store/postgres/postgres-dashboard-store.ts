import type pg from "pg";
import type { DashboardStore, HourCounts, QuotaSnapshotRow } from "../dashboard-store";
import { pgTime } from "./pg-pool";

/** DashboardStore on PostgreSQL: the same answers as SqliteDashboardStore (the specification). */
export class PostgresDashboardStore implements DashboardStore {
  constructor(private readonly pool: pg.Pool) {}

  async listQuotas(): Promise<QuotaSnapshotRow[]> {
    const { rows } = await this.pool.query<Omit<QuotaSnapshotRow, "exhausted"> & { exhausted: boolean | null }>(
      `SELECT t.id AS "targetId", t.name AS "targetName", q.at, q."limitRequests", q."remainingRequests", q."resetRequestsMs",
              q."limitTokens", q."remainingTokens", q."resetTokensMs", q.exhausted, CASE WHEN l.id <> 1 THEN l.name END AS location
         FROM "Target" t LEFT JOIN "QuotaSnapshot" q ON q."targetId" = t.id LEFT JOIN "Route" r ON r.id = q."routeId" LEFT JOIN "Location" l ON l.id = r."locationId"
        ORDER BY t.name COLLATE "C"`,
    );
    return rows.map((row) => ({ ...row, exhausted: row.exhausted === true }));
  }

  async listHourCounts({ routeIds, from }: { routeIds: number[]; from: number }): Promise<HourCounts[]> {
    const { rows } = await this.pool.query<Omit<HourCounts, "kindCounts"> & { kindCounts: string }>(
      `SELECT "routeId", bucket, total, "okCount", "kindCounts" FROM "RollupHour" WHERE "routeId" = ANY($1::int[]) AND bucket >= $2 ORDER BY "routeId", bucket`,
      [routeIds, pgTime(from)],
    );
    return rows.map((row) => ({ ...row, kindCounts: JSON.parse(row.kindCounts) as Record<string, number> }));
  }

  async listProbingLocations(): Promise<Array<{ id: number; name: string }>> {
    const { rows } = await this.pool.query<{ id: number; name: string }>(
      `SELECT l.id, l.name FROM "Location" l WHERE EXISTS (SELECT 1 FROM "Route" r WHERE r."locationId" = l.id AND r.assigned) ORDER BY l.id <> 1, l.name COLLATE "C"`,
    );
    return rows;
  }
}
