import type { Sqlite } from "../db/sqlite";
import { getPublicStatus, type PublicStatus } from "./get-public-status";

export interface DayBar {
  day: string;
  total: number;
  ok: number;
}

export interface Incident {
  routeName: string;
  start: string;
  end: string | null;
  durationMs: number;
  kind: string | null;
}

export interface StatusPage extends PublicStatus {
  days: Record<number, DayBar[]>;
  incidents: Incident[];
}

const DAY_MS = 86_400_000;
const DAYS = 90;
const CACHE_MS = 30_000;

let cache: { at: number; db: Sqlite; page: StatusPage } | null = null;

/**
 * The public status page's data: routes by name and health, 90 daily uptime
 * bars from the hour rollups (summed by SQLite), and incidents (down until up
 * again). Cached for half a minute: the page is public and may be busy.
 */
export function getStatusPage(db: Sqlite, now: number = Date.now()): StatusPage {
  if (cache && cache.db === db && now - cache.at < CACHE_MS) return cache.page;
  const status = getPublicStatus(db, now);
  const firstDay = Math.floor(now / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS;
  const days: Record<number, DayBar[]> = {};
  for (const route of status.routes) {
    days[route.id] = Array.from({ length: DAYS }, (_, i) => ({ day: new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10), total: 0, ok: 0 }));
  }
  const rows = db
    .prepare(`SELECT routeId, (bucket / ${DAY_MS}) * ${DAY_MS} AS day, SUM(total) AS total, SUM(okCount) AS ok FROM "RollupHour" WHERE bucket >= ? GROUP BY routeId, day`)
    .all(firstDay) as Array<{ routeId: number; day: number; total: number; ok: number }>;
  for (const row of rows) {
    const bar = days[row.routeId]?.[Math.round((row.day - firstDay) / DAY_MS)];
    if (bar) Object.assign(bar, { total: row.total, ok: row.ok });
  }
  const page = { ...status, days, incidents: listIncidents(db, status, now - DAYS * DAY_MS, now) };
  cache = { at: now, db, page };
  return page;
}

function listIncidents(db: Sqlite, status: PublicStatus, since: number, now: number): Incident[] {
  const names = new Map(status.routes.map((route) => [route.id, route.name]));
  const events = db
    .prepare(`SELECT routeId, at, toState, kind FROM "RouteEvent" WHERE at >= ? ORDER BY routeId, at`)
    .all(since) as Array<{ routeId: number; at: number; toState: string; kind: string | null }>;
  const incidents: Incident[] = [];
  const open = new Map<number, Incident>();
  for (const event of events) {
    const name = names.get(event.routeId);
    if (!name) continue;
    const current = open.get(event.routeId);
    if (event.toState === "down" && !current) {
      const incident = { routeName: name, start: new Date(event.at).toISOString(), end: null, durationMs: now - event.at, kind: event.kind };
      open.set(event.routeId, incident);
      incidents.push(incident);
    } else if (event.toState === "up" && current) {
      current.end = new Date(event.at).toISOString();
      current.durationMs = event.at - Date.parse(current.start);
      open.delete(event.routeId);
    }
  }
  return incidents.sort((a, b) => b.start.localeCompare(a.start));
}
