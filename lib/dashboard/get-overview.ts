import type { Sqlite } from "../db/sqlite";
import { listRoutes, type RouteListing } from "../monitoring/list-routes";
import { bucketStart, HOUR_MS } from "../monitoring/rollup-bucket";
import { listQuotas, type TargetQuota } from "./list-quotas";

export interface UptimeSlot {
  start: string;
  total: number;
  ok: number;
  topKind: string | null;
}

export interface OverviewRoute extends RouteListing {
  uptimeBar: UptimeSlot[];
}

export interface Overview {
  routes: OverviewRoute[];
  quotas: TargetQuota[];
  now: string;
}

const SLOTS = 24;

/** Everything the overview shows: routes (with their last result) and a 24-slot uptime bar, and quota per target. */
export function getOverview(db: Sqlite, now: number = Date.now()): Overview {
  const routes = listRoutes(db);
  const firstSlot = bucketStart(now, HOUR_MS) - (SLOTS - 1) * HOUR_MS;
  const bars = new Map<number, UptimeSlot[]>();
  for (const route of routes) {
    bars.set(
      route.id,
      Array.from({ length: SLOTS }, (_, i) => ({ start: new Date(firstSlot + i * HOUR_MS).toISOString(), total: 0, ok: 0, topKind: null })),
    );
  }
  const rows = db.prepare(`SELECT routeId, bucket, total, okCount, kindCounts FROM "RollupHour" WHERE bucket >= ?`).all(firstSlot) as Array<{
    routeId: number;
    bucket: number;
    total: number;
    okCount: number;
    kindCounts: string;
  }>;
  for (const row of rows) {
    const slot = bars.get(row.routeId)?.[Math.floor((row.bucket - firstSlot) / HOUR_MS)];
    if (!slot) continue;
    slot.total = row.total;
    slot.ok = row.okCount;
    const failures = Object.entries(JSON.parse(row.kindCounts) as Record<string, number>).filter(([kind]) => kind !== "ok");
    slot.topKind = failures.sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }
  return {
    routes: routes.map((route) => ({ ...route, uptimeBar: bars.get(route.id) ?? [] })),
    quotas: listQuotas(db),
    now: new Date(now).toISOString(),
  };
}
