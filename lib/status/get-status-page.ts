import type { Store } from "../db/store/store";
import type { MaintenanceWindow } from "../config/config-schema";
import { listIncidents, type IncidentView } from "../incidents/list-incidents";
import { activeWindow, currentOrNextOf, matchesRoute } from "../maintenance/maintenance-windows";
import { getPublicStatus, type PublicStatus } from "./get-public-status";

export interface DayBar {
  day: string;
  total: number;
  ok: number;
}

export interface StatusPage extends PublicStatus {
  days: Record<number, DayBar[]>;
  /** Routes in a maintenance window now, with its note. */
  maintenance: Record<number, { until: string; note: string | null }>;
  /** Maintenance starting within the next week, naming only the page's own routes. */
  plannedMaintenance: PlannedMaintenance[];
  incidents: IncidentView[];
}

export interface PlannedMaintenance {
  from: string;
  to: string;
  note: string | null;
  routes: string[];
}

const DAY_MS = 86_400_000;
const PLANNED_AHEAD_MS = 7 * DAY_MS;
const DAYS = 90;
const BARS_CACHE_MS = 60_000;

let barsCache: { at: number; store: Store; key: string; days: Record<number, DayBar[]> } | null = null;

/**
 * The public status page's data: routes by name and health and their
 * incidents, read fresh; and 90 daily uptime bars from the hour
 * rollups, summed by SQLite and kept for a minute for the same set of routes
 * (the page is public and may be busy; the bars move slowly).
 */
export async function getStatusPage(store: Store, windows: MaintenanceWindow[] = [], now: number = Date.now(), minLocations: number | null = null): Promise<StatusPage> {
  const status = await getPublicStatus(store, now, minLocations);
  const maintenance: StatusPage["maintenance"] = {};
  for (const route of status.routes) {
    const window = activeWindow(windows, { proxyName: route.proxy, targetName: route.target }, now);
    if (window) maintenance[route.id] = { until: new Date(window.occurrence.to).toISOString(), note: window.window.note ?? null };
  }
  const plannedMaintenance = plannedOf(windows, status, now);
  const key = status.routes.map((route) => route.id).join(",");
  if (!barsCache || barsCache.store !== store || barsCache.key !== key || now - barsCache.at >= BARS_CACHE_MS) {
    barsCache = { at: now, store, key, days: await dailyBars(store, status, now) };
  }
  const incidents = await listIncidents(store, { from: now - DAYS * DAY_MS, to: now + 1, limit: 50, routeIds: status.routes.map((route) => route.id) }, now);
  return { ...status, days: barsCache.days, incidents, maintenance, plannedMaintenance };
}

/** The next occurrence of each window that starts within a week and covers a route on the page. */
function plannedOf(windows: MaintenanceWindow[], status: PublicStatus, now: number): PlannedMaintenance[] {
  const planned: PlannedMaintenance[] = [];
  for (const window of windows) {
    const next = currentOrNextOf(window, now);
    if (!next || next.from <= now || next.from > now + PLANNED_AHEAD_MS) continue;
    const routes = status.routes.filter((route) => window.routes.some((pattern) => matchesRoute(pattern, { proxyName: route.proxy, targetName: route.target })));
    if (routes.length) planned.push({ from: new Date(next.from).toISOString(), to: new Date(next.to).toISOString(), note: window.note ?? null, routes: routes.map((route) => route.name) });
  }
  return planned.sort((a, b) => a.from.localeCompare(b.from));
}

async function dailyBars(store: Store, status: PublicStatus, now: number): Promise<Record<number, DayBar[]>> {
  const firstDay = Math.floor(now / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS;
  const days: Record<number, DayBar[]> = {};
  for (const route of status.routes) {
    days[route.id] = Array.from({ length: DAYS }, (_, i) => ({ day: new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10), total: 0, ok: 0 }));
  }
  const rows = await store.status.sumDays(firstDay);
  // A route's rows at other locations count in its bars, as in its uptime figures.
  const pairOf = await store.status.pairIdsOfLocationRows();
  for (const row of rows) {
    const bar = days[pairOf.get(row.routeId) ?? row.routeId]?.[Math.round((row.day - firstDay) / DAY_MS)];
    if (bar) Object.assign(bar, { total: bar.total + row.total, ok: bar.ok + row.ok });
  }
  return days;
}
