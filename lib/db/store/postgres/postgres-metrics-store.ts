import type pg from "pg";
import type { LatencyCounts, MetricsRoute, MetricsStore } from "../metrics-store";
import { pgTime } from "./pg-pool";

/** MetricsStore on PostgreSQL: the same answers as SqliteMetricsStore (the specification), in id order. */
export class PostgresMetricsStore implements MetricsStore {
  constructor(private readonly pool: pg.Pool) {}

  async listRoutes(): Promise<MetricsRoute[]> {
    const { rows } = await this.pool.query<MetricsRoute>(
      `SELECT r.id, COALESCE(h.id, r.id) AS "pairId", l.name AS location, r.assigned, p.name AS proxy, t.name AS target, r.state, r."lastProbeAt", r."skippedSlots"
         FROM "Route" r JOIN "Proxy" p ON p.id = r."proxyId" JOIN "Target" t ON t.id = r."targetId" JOIN "Location" l ON l.id = r."locationId"
         LEFT JOIN "Route" h ON h."proxyId" = r."proxyId" AND h."targetId" = r."targetId" AND h."locationId" = 1
        ORDER BY r.id`,
    );
    return rows;
  }

  async listProbeCounts(): Promise<Array<{ routeId: number; kind: string; count: number }>> {
    const { rows } = await this.pool.query<{ routeId: number; kind: string; count: number }>(`SELECT "routeId", kind, count FROM "ProbeCounter" ORDER BY "routeId", kind COLLATE "C"`);
    return rows;
  }

  async listLatencyCounts(): Promise<LatencyCounts[]> {
    const { rows } = await this.pool.query<{ routeId: number; count: number; sumMs: number; buckets: string }>(`SELECT "routeId", count, "sumMs", buckets FROM "LatencyCounter" ORDER BY "routeId"`);
    return rows.map((row) => ({ ...row, buckets: JSON.parse(row.buckets) as number[] }));
  }

  async listLocations(): Promise<Array<{ name: string; kind: string; online: boolean; spooled: number }>> {
    const { rows } = await this.pool.query<{ name: string; kind: string; online: boolean; spooled: number }>(
      `SELECT name, kind, online, spooled FROM "Location" WHERE "revokedAt" IS NULL ORDER BY id`,
    );
    return rows;
  }

  async listQuotas(): Promise<Array<{ target: string; remainingRequests: number | null; remainingTokens: number | null; exhausted: boolean }>> {
    const { rows } = await this.pool.query<{ target: string; remainingRequests: number | null; remainingTokens: number | null; exhausted: boolean }>(
      `SELECT t.name AS target, q."remainingRequests", q."remainingTokens", q.exhausted FROM "QuotaSnapshot" q JOIN "Target" t ON t.id = q."targetId" ORDER BY t.name COLLATE "C"`,
    );
    return rows;
  }

  async listTargetDays(day: number): Promise<Array<{ target: string; promptTokens: number; completionTokens: number; probes: number }>> {
    const { rows } = await this.pool.query<{ target: string; promptTokens: number; completionTokens: number; probes: number }>(
      `SELECT t.name AS target, COALESCE(d."promptTokens", 0) AS "promptTokens", COALESCE(d."completionTokens", 0) AS "completionTokens", COALESCE(d.probes, 0) AS probes
         FROM "Target" t LEFT JOIN "TargetTokenDay" d ON d."targetId" = t.id AND d.day = $1 ORDER BY t.name COLLATE "C"`,
      [pgTime(day)],
    );
    return rows;
  }
}
