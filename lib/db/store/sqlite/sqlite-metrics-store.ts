import type { Sqlite } from "../../sqlite";
import type { LatencyCounts, MetricsRoute, MetricsStore } from "../metrics-store";

export class SqliteMetricsStore implements MetricsStore {
  constructor(private readonly sqlite: Sqlite) {}

  async listRoutes(): Promise<MetricsRoute[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT r.id, COALESCE(h.id, r.id) AS pairId, l.name AS location, r.assigned, p.name AS proxy, t.name AS target, r.state, r.lastProbeAt, r.skippedSlots
           FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId JOIN "Location" l ON l.id = r.locationId
           LEFT JOIN "Route" h ON h.proxyId = r.proxyId AND h.targetId = r.targetId AND h.locationId = 1`,
      )
      .all() as Array<Omit<MetricsRoute, "assigned"> & { assigned: number }>;
    return rows.map((row) => ({ ...row, assigned: row.assigned === 1 }));
  }

  async listProbeCounts(): Promise<Array<{ routeId: number; kind: string; count: number }>> {
    return this.sqlite.prepare(`SELECT routeId, kind, count FROM "ProbeCounter"`).all() as Array<{ routeId: number; kind: string; count: number }>;
  }

  async listLatencyCounts(): Promise<LatencyCounts[]> {
    const rows = this.sqlite.prepare(`SELECT routeId, count, sumMs, buckets FROM "LatencyCounter"`).all() as Array<{ routeId: number; count: number; sumMs: number; buckets: string }>;
    return rows.map((row) => ({ ...row, buckets: JSON.parse(row.buckets) as number[] }));
  }

  async listLocations(): Promise<Array<{ name: string; kind: string; online: boolean; spooled: number }>> {
    const rows = this.sqlite.prepare(`SELECT name, kind, online, spooled FROM "Location" WHERE revokedAt IS NULL`).all() as Array<{ name: string; kind: string; online: number; spooled: number }>;
    return rows.map((row) => ({ ...row, online: row.online === 1 }));
  }

  async listQuotas(): Promise<Array<{ target: string; remainingRequests: number | null; remainingTokens: number | null; exhausted: boolean }>> {
    const rows = this.sqlite
      .prepare(`SELECT t.name AS target, q.remainingRequests, q.remainingTokens, q.exhausted FROM "QuotaSnapshot" q JOIN "Target" t ON t.id = q.targetId`)
      .all() as Array<{ target: string; remainingRequests: number | null; remainingTokens: number | null; exhausted: number }>;
    return rows.map((row) => ({ ...row, exhausted: row.exhausted === 1 }));
  }

  async listTargetDays(day: number): Promise<Array<{ target: string; promptTokens: number; completionTokens: number; probes: number }>> {
    return this.sqlite
      .prepare(`SELECT t.name AS target, COALESCE(d.promptTokens, 0) AS promptTokens, COALESCE(d.completionTokens, 0) AS completionTokens, COALESCE(d.probes, 0) AS probes
                  FROM "Target" t LEFT JOIN "TargetTokenDay" d ON d.targetId = t.id AND d.day = ?`)
      .all(day) as Array<{ target: string; promptTokens: number; completionTokens: number; probes: number }>;
  }
}
