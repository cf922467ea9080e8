import type { PairLocationFigures, RouteListing, RouteLocation } from "../db/store/route-store";
import { emptyWindows, type RouteWindows, type WindowName } from "../monitoring/route-windows";
import { HUB_LOCATION_ID } from "./location-name";

/**
 * How a pair's listing sums up over its locations. A listing of one
 * location, or of pairs when no pair is probed from elsewhere, already holds
 * everything (its one location is the row itself: ownLocation). Otherwise the
 * pair's last probe, last failure, window figures and skipped slots are
 * summed up over its assigned rows (combinePair; its state comes from the
 * store, see aggregate-state.ts). The store reads the rows; the rules are here.
 */

/** The listing's own row as its one location (a location the store cannot name is the hub, "local"). */
export function ownLocation(listing: RouteListing, rowId: number, place: { name: string; region: string | null; online: boolean } | undefined): RouteLocation {
  return {
    id: rowId,
    name: place?.name ?? "local",
    region: place?.region ?? null,
    online: place ? place.online : true,
    state: listing.state,
    stateSince: listing.stateSince,
    last: listing.last,
    lastFailure: listing.lastFailure,
  };
}

/** A pair's locations in the order they are shown: the hub first, then by name. */
export function hubFirst(a: { locationId: number; name: string }, b: { locationId: number; name: string }): number {
  return a.locationId === HUB_LOCATION_ID ? -1 : b.locationId === HUB_LOCATION_ID ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
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

/** A pair's listing summed up over its locations' rows (in hubFirst order); a pair without rows keeps its own. */
export function combinePair(listing: RouteListing, rows: PairLocationFigures[]): RouteListing {
  if (rows.length === 0) return listing;
  const locations = rows.map((row) => row.location);
  const computed = rows.map((row) => row.computedAt).filter((at): at is number => at !== null);
  const since = locations.map((location) => location.stateSince).filter((at): at is string => at !== null);
  return {
    ...listing,
    // The pair's state last moved when one of its locations' did.
    stateSince: since.length ? since.reduce((a, b) => (a > b ? a : b)) : null,
    last: newest(locations.map((location) => location.last)),
    lastFailure: newest(locations.map((location) => location.lastFailure)),
    windows: combineWindows(rows.map((row) => row.windows)),
    skippedSlots: rows.reduce((sum, row) => sum + row.skippedSlots, 0),
    windowsAt: computed.length ? new Date(Math.max(...computed)).toISOString() : null,
    locations,
  };
}
