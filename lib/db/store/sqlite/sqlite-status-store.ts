import type { Sqlite } from "../../sqlite";
import type { DayCounts, PublicHostRow, StatusStore } from "../status-store";

const DAY_MS = 86_400_000;

export class SqliteStatusStore implements StatusStore {
  constructor(private readonly sqlite: Sqlite) {}

  async sumDays(from: number): Promise<DayCounts[]> {
    return this.sqlite
      .prepare(`SELECT routeId, (bucket / ${DAY_MS}) * ${DAY_MS} AS day, SUM(total) AS total, SUM(okCount) AS ok FROM "RollupHour" WHERE bucket >= ? GROUP BY routeId, day`)
      .all(from) as DayCounts[];
  }

  async pairIdsOfLocationRows(): Promise<Map<number, number>> {
    const rows = this.sqlite
      .prepare(`SELECT r.id, h.id AS pairId FROM "Route" r JOIN "Route" h ON h.proxyId = r.proxyId AND h.targetId = r.targetId AND h.locationId = 1 WHERE r.locationId <> 1 AND r.assigned = 1`)
      .all() as Array<{ id: number; pairId: number }>;
    return new Map(rows.map((row) => [row.id, row.pairId]));
  }

  async listPublicHosts(): Promise<PublicHostRow[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT r.id, t.baseUrl, t.publicHost AS targetPublic, p.url, p.publicHost AS proxyPublic
           FROM "Route" r JOIN "Target" t ON t.id = r.targetId JOIN "Proxy" p ON p.id = r.proxyId WHERE t.publicHost = 1 OR p.publicHost = 1`,
      )
      .all() as Array<{ id: number; baseUrl: string; targetPublic: number; url: string; proxyPublic: number }>;
    return rows.map((row) => ({ routeId: row.id, baseUrl: row.baseUrl, targetPublic: row.targetPublic === 1, proxyUrl: row.url, proxyPublic: row.proxyPublic === 1 }));
  }
}
