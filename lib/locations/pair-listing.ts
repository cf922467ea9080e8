import type { Sqlite } from "../db/sqlite";
import type { ListingScope, RouteListing, RouteListingRow, RouteLocation } from "../monitoring/list-routes";
import { offlineSql } from "./aggregate-state";
import { emptyWindows, type RouteWindows, type WindowName } from "../monitoring/refresh-route-summaries";

/** A pair's row at one location: the listing's own columns of a row, with where it is. */
type LocationRow = Pick<
  RouteListingRow,
  "state" | "stateChangedAt" | "lastProbeAt" | "lastOk" | "lastKind" | "lastTotalMs" | "lastFailAt" | "lastFailKind" | "skippedSlots" | "windows" | "computedAt" | "locationId"
> & { id: number; proxyId: number; targetId: number; name: string; region: string | null; online: number };

const LOCATION_COLUMNS = `r.id, r.proxyId, r.targetId, r.locationId, l.name, l.region, NOT ${offlineSql("l")} AS online, r.state, r.stateChangedAt, r.lastProbeAt, r.lastOk, r.lastKind, r.lastTotalMs,
       r.lastFailAt, r.lastFailKind, r.skippedSlots, s.windows, s.computedAt
  FROM "Route" r JOIN "Location" l ON l.id = r.locationId LEFT JOIN "RouteSummary" s ON s.routeId = r.id`;

/** Above this many pairs on a page, one read of every other location's rows beats a read per pair. */
const PER_PAIR_READS = 200;

/**
 * Fills in each listing's `locations`. A listing of one location, or of
 * pairs when no pair is probed from elsewhere, already holds everything (its
 * one location is the row itself). Otherwise each pair's assigned rows are
 * read, and the pair's last probe, last failure, window figures and skipped
 * slots are summed up over them (its state came from SQL, see
 * aggregate-state.ts).
 */
export function withLocations(db: Sqlite, entries: Array<{ row: RouteListingRow; listing: RouteListing }>, scope: ListingScope): RouteListing[] {
  if (scope.kind === "location" || !scope.multi) {
    const names = locationNames(db);
    return entries.map(({ row, listing }) => ({ ...listing, locations: [ownLocation(row, listing, names.get(row.locationId))] }));
  }
  const rowsByPair = readLocationRows(db, entries.map(({ row }) => row));
  return entries.map(({ listing }) => {
    const rows = rowsByPair.get(pairKey(listing.proxyId, listing.targetId)) ?? [];
    return rows.length ? combine(listing, rows) : listing;
  });
}

function pairKey(proxyId: number, targetId: number): string {
  return `${proxyId}:${targetId}`;
}

type Place = { name: string; region: string | null; online: number };

function locationNames(db: Sqlite): Map<number, Place> {
  const rows = db.prepare(`SELECT id, name, region, NOT ${offlineSql("l")} AS online FROM "Location" l`).all() as Array<Place & { id: number }>;
  return new Map(rows.map((row) => [row.id, row]));
}

function ownLocation(row: RouteListingRow, listing: RouteListing, place: Place | undefined): RouteLocation {
  return {
    id: row.rowId,
    name: place?.name ?? "local",
    region: place?.region ?? null,
    online: place ? place.online === 1 : true,
    state: listing.state,
    stateSince: listing.stateSince,
    last: listing.last,
    lastFailure: listing.lastFailure,
  };
}

function readLocationRows(db: Sqlite, pairs: RouteListingRow[]): Map<string, LocationRow[]> {
  const byPair = new Map<string, LocationRow[]>();
  const add = (row: LocationRow) => {
    const key = pairKey(row.proxyId, row.targetId);
    const list = byPair.get(key);
    if (list) list.push(row);
    else byPair.set(key, [row]);
  };
  if (pairs.length > PER_PAIR_READS) {
    const wanted = new Set(pairs.map((pair) => pairKey(pair.proxyId, pair.targetId)));
    for (const row of db.prepare(`SELECT ${LOCATION_COLUMNS} WHERE r.assigned = 1`).iterate() as Iterable<LocationRow>) {
      if (wanted.has(pairKey(row.proxyId, row.targetId))) add(row);
    }
  } else {
    const read = db.prepare(`SELECT ${LOCATION_COLUMNS} WHERE r.proxyId = ? AND r.targetId = ? AND r.assigned = 1`);
    for (const pair of pairs) for (const row of read.all(pair.proxyId, pair.targetId) as LocationRow[]) add(row);
  }
  // The hub first, then by name.
  for (const rows of byPair.values()) rows.sort((a, b) => (a.locationId === 1 ? -1 : b.locationId === 1 ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return byPair;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toLocation(row: LocationRow): RouteLocation {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    online: row.online === 1,
    state: row.state,
    stateSince: iso(row.stateChangedAt),
    last: row.lastProbeAt === null || row.lastKind === null ? null : { ok: row.lastOk === 1, kind: row.lastKind, totalMs: row.lastTotalMs, at: new Date(row.lastProbeAt).toISOString() },
    lastFailure: row.lastFailAt === null || row.lastFailKind === null ? null : { kind: row.lastFailKind, at: new Date(row.lastFailAt).toISOString() },
  };
}

/** The newest of some ISO-stamped things (ISO strings of one format sort as times). */
function newest<T extends { at: string }>(items: Array<T | null>): T | null {
  let best: T | null = null;
  for (const item of items) if (item && (!best || item.at > best.at)) best = item;
  return best;
}

/**
 * A pair's figures over its locations: probes and successes summed (so the
 * uptime is that of every probe made for the pair), and for the latency
 * percentiles the slowest location's (an honest upper bound: percentiles of
 * separate histograms do not add up).
 */
export function combineWindows(all: RouteWindows[]): RouteWindows {
  const combined = emptyWindows();
  for (const name of Object.keys(combined) as WindowName[]) {
    const into = combined[name];
    for (const windows of all) {
      const window = windows[name];
      into.total += window.total;
      into.ok += window.ok;
      for (const q of ["p50", "p95", "p99"] as const) {
        const value = window[q];
        if (value !== null && (into[q] === null || value > into[q])) into[q] = value;
      }
    }
    into.uptime = into.total > 0 ? into.ok / into.total : null;
  }
  return combined;
}

function combine(listing: RouteListing, rows: LocationRow[]): RouteListing {
  const locations = rows.map(toLocation);
  const computed = rows.map((row) => row.computedAt).filter((at): at is number => at !== null);
  const since = locations.map((location) => location.stateSince).filter((at): at is string => at !== null);
  return {
    ...listing,
    // The pair's state last moved when one of its locations' did.
    stateSince: since.length ? since.reduce((a, b) => (a > b ? a : b)) : null,
    last: newest(locations.map((location) => location.last)),
    lastFailure: newest(locations.map((location) => location.lastFailure)),
    windows: combineWindows(rows.map((row) => (row.windows ? (JSON.parse(row.windows) as RouteWindows) : emptyWindows()))),
    skippedSlots: rows.reduce((sum, row) => sum + row.skippedSlots, 0),
    windowsAt: computed.length ? new Date(Math.max(...computed)).toISOString() : null,
    locations,
  };
}
