import type pg from "pg";
import type { DayCounts, PublicHostRow, StatusStore } from "../status-store";
import { pgTime } from "./pg-pool";

/** StatusStore on PostgreSQL: the same answers as SqliteStatusStore (the specification). */
export class PostgresStatusStore implements StatusStore {
  constructor(private readonly pool: pg.Pool) {}

  async sumDays(from: number): Promise<DayCounts[]> {
    // Buckets are UTC times, so date_trunc gives the UTC day's start (SQLite's (bucket / day) * day).
    const { rows } = await this.pool.query<DayCounts>(
      `SELECT "routeId", date_trunc('day', bucket) AS day, SUM(total) AS total, SUM("okCount") AS ok
         FROM "RollupHour" WHERE bucket >= $1 GROUP BY "routeId", day ORDER BY "routeId", day`,
      [pgTime(from)],
    );
    return rows;
  }

  async pairIdsOfLocationRows(): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ id: number; pairId: number }>(
      `SELECT r.id, h.id AS "pairId" FROM "Route" r JOIN "Route" h ON h."proxyId" = r."proxyId" AND h."targetId" = r."targetId" AND h."locationId" = 1
        WHERE r."locationId" <> 1 AND r.assigned ORDER BY r.id`,
    );
    return new Map(rows.map((row) => [row.id, row.pairId]));
  }

  async listPublicHosts(): Promise<PublicHostRow[]> {
    const { rows } = await this.pool.query<{ id: number; baseUrl: string; targetPublic: boolean; url: string; proxyPublic: boolean }>(
      `SELECT r.id, t."baseUrl", t."publicHost" AS "targetPublic", p.url, p."publicHost" AS "proxyPublic"
         FROM "Route" r JOIN "Target" t ON t.id = r."targetId" JOIN "Proxy" p ON p.id = r."proxyId" WHERE t."publicHost" OR p."publicHost" ORDER BY r.id`,
    );
    return rows.map((row) => ({ routeId: row.id, baseUrl: row.baseUrl, targetPublic: row.targetPublic, proxyUrl: row.url, proxyPublic: row.proxyPublic }));
  }
}
