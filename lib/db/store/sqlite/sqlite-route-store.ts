import { offlineSql } from "../../../locations/aggregate-state";
import { HUB_LOCATION_ID } from "../../../locations/location-name";
import { combinePair, hubFirst, ownLocation } from "../../../locations/pair-listing";
import type { RouteState } from "../../../monitoring/route-state";
import { prepared } from "../../prepared";
import type { Sqlite } from "../../sqlite";
import type { LocationPresence, PairLocationFigures, RouteListing, RouteNamesAtLocation, RoutePage, RoutePageQuery, RoutePlace, RouteStore } from "../route-store";
import { groupByPair, likeWord, pairKey, searchWords, toPairLocationFigures, toRouteListing, worstFirst, type PairLocationRow, type RouteListingRow } from "../route-rows";
import { routeListingSql, type ListingScope } from "./route-listing-sql";

/** A pair's row at one location as SQLite gives it (booleans as 0/1). */
type LocationRow = Omit<PairLocationRow, "online" | "lastOk"> & { online: number; lastOk: number | null };

const LOCATION_COLUMNS = `r.id, r.proxyId, r.targetId, r.locationId, l.name, l.region, NOT ${offlineSql("l")} AS online, r.state, r.stateChangedAt, r.lastProbeAt, r.lastOk, r.lastKind, r.lastTotalMs,
       r.lastFailAt, r.lastFailKind, r.skippedSlots, s.windows, s.computedAt
  FROM "Route" r JOIN "Location" l ON l.id = r.locationId LEFT JOIN "RouteSummary" s ON s.routeId = r.id`;

/** Above this many pairs on a page, one read of every other location's rows beats a read per pair. */
const PER_PAIR_READS = 200;

const PAIR_OF_ROW = `AND r.id = COALESCE((SELECT h.id FROM "Route" x JOIN "Route" h ON h.proxyId = x.proxyId AND h.targetId = x.targetId AND h.locationId = 1 WHERE x.id = @routeId), @routeId)`;

/** The filters as conditions on a listing (`state`: the SQL of the pair's state, which they filter on). */
function whereClause(query: RoutePageQuery, state: string): { sql: string; params: Record<string, string> } {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (query.state) {
    conditions.push(`${state} = @state`);
    params.state = query.state;
  }
  if (query.target) {
    conditions.push("t.name = @target COLLATE NOCASE");
    params.target = query.target;
  }
  if (query.proxy) {
    conditions.push("p.name = @proxy COLLATE NOCASE");
    params.proxy = query.proxy;
  }
  const words = searchWords(query.q);
  words.forEach((word, i) => {
    conditions.push(`(t.name || ' via ' || p.name) LIKE @w${i} ESCAPE '\\'`);
    params[`w${i}`] = likeWord(word);
  });
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(""), params };
}

/** SQLite's 0/1 as the booleans the shared mapping takes. */
function toFigures(row: LocationRow) {
  return toPairLocationFigures({ ...row, online: row.online === 1, lastOk: row.lastOk === null ? null : row.lastOk === 1 });
}

type Place = { name: string; region: string | null; online: number };

export class SqliteRouteStore implements RouteStore {
  constructor(private readonly sqlite: Sqlite) {}

  /**
   * Whether some pair is probed from a location other than the hub. Until one
   * is, every listing reads exactly as before locations existed.
   */
  private usesLocations(): boolean {
    return this.sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM "Route" WHERE locationId <> 1 AND assigned = 1) AS used`).pluck().get() === 1;
  }

  async list(filter: { routeId?: number; minLocations?: number | null } = {}): Promise<RouteListing[]> {
    const scope = { kind: "pairs", multi: this.usesLocations() } as const;
    const rows = this.sqlite
      // A row at another location names its pair too (its results and series are under its own id).
      .prepare(`${routeListingSql(scope).sql} ${filter.routeId !== undefined ? PAIR_OF_ROW : ""} ORDER BY t.name, p.name`)
      .all({ minLocations: filter.minLocations ?? null, ...(filter.routeId !== undefined ? { routeId: filter.routeId } : {}) }) as RouteListingRow[];
    return this.withLocations(rows, scope);
  }

  async listAtLocation(locationId: number): Promise<RouteListing[]> {
    const scope = { kind: "location", locationId } as const;
    const rows = this.sqlite.prepare(`${routeListingSql(scope).sql} ORDER BY t.name, p.name`).all({ locationId }) as RouteListingRow[];
    return this.withLocations(rows, scope);
  }

  async listPage(query: RoutePageQuery): Promise<RoutePage> {
    const scope = { kind: "pairs", multi: this.usesLocations() } as const;
    const listing = routeListingSql(scope);
    const where = whereClause(query, listing.state);
    const params = { ...where.params, minLocations: query.minLocations ?? null };
    const total = (this.sqlite.prepare(`SELECT COUNT(*) AS n FROM (${listing.sql} ${where.sql})`).get(params) as { n: number }).n;
    const order = query.sort === "worst" ? `${worstFirst(listing.state)}, t.name, p.name, r.id` : "t.name, p.name, r.id";
    const rows = this.sqlite
      .prepare(`${listing.sql} ${where.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      // LIMIT -1 is SQLite's "no limit".
      .all({ ...params, limit: query.limit ?? -1, offset: query.offset }) as RouteListingRow[];
    return { routes: this.withLocations(rows, scope), total };
  }

  async countByState(minLocations: number | null): Promise<Record<RouteState, number>> {
    const counts: Record<RouteState, number> = { up: 0, degraded: 0, down: 0, unknown: 0, paused: 0 };
    const listing = routeListingSql({ kind: "pairs", multi: this.usesLocations() });
    const rows = this.sqlite.prepare(`SELECT state, COUNT(*) AS n FROM (${listing.sql}) GROUP BY state`).all({ minLocations }) as Array<{ state: RouteState; n: number }>;
    for (const row of rows) {
      if (row.state in counts) counts[row.state] = row.n;
    }
    return counts;
  }

  async listNames(): Promise<{ targets: string[]; proxies: string[] }> {
    const names = (table: string) => this.sqlite.prepare(`SELECT name FROM "${table}" ORDER BY name`).pluck().all() as string[];
    return { targets: names("Target"), proxies: names("Proxy") };
  }

  async lastProbeTimes(routeIds: number[]): Promise<Map<number, number>> {
    // Through json_each: one statement for any number of ids (no limit on bound parameters).
    const rows = prepared(this.sqlite, `SELECT id, lastProbeAt FROM "Route" WHERE id IN (SELECT value FROM json_each(?)) AND lastProbeAt IS NOT NULL`).all(JSON.stringify(routeIds)) as Array<{
      id: number;
      lastProbeAt: number;
    }>;
    return new Map(rows.map((row) => [row.id, row.lastProbeAt]));
  }

  async namesAtLocation(routeId: number): Promise<RouteNamesAtLocation | undefined> {
    return prepared(
      this.sqlite,
      `SELECT p.name AS proxyName, t.name AS targetName, l.name AS locationName FROM "Route" r
         JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId JOIN "Location" l ON l.id = r.locationId WHERE r.id = ?`,
    ).get(routeId) as RouteNamesAtLocation | undefined;
  }

  async placeOf(routeId: number): Promise<RoutePlace | null> {
    const row = this.sqlite
      .prepare(
        `SELECT r."locationId" AS "locationId", l."name" AS "location", hub."id" AS "hubRouteId"
         FROM "Route" r JOIN "Location" l ON l."id" = r."locationId"
         LEFT JOIN "Route" hub ON hub."proxyId" = r."proxyId" AND hub."targetId" = r."targetId" AND hub."locationId" = ${HUB_LOCATION_ID}
         WHERE r."id" = ?`,
      )
      .get(routeId) as RoutePlace | undefined;
    return row ?? null;
  }

  async findLocation(name: string): Promise<LocationPresence | null> {
    const found = this.sqlite.prepare(`SELECT id, name, ${offlineSql(`"Location"`)} AS offline FROM "Location" WHERE name = ?`).get(name) as { id: number; name: string; offline: number } | undefined;
    return found ? { id: found.id, name: found.name, offline: found.offline === 1 } : null;
  }

  async listLocationNames(): Promise<string[]> {
    return this.sqlite.prepare(`SELECT name FROM "Location" ORDER BY id <> 1, name`).pluck().all() as string[];
  }

  async targetExists(name: string): Promise<boolean> {
    return this.sqlite.prepare(`SELECT 1 FROM "Target" WHERE name = ?`).get(name) !== undefined;
  }

  async listTargetNamesWithEnabledRoutes(): Promise<string[]> {
    const rows = this.sqlite.prepare(`SELECT DISTINCT t.name FROM "Target" t JOIN "Route" r ON r.targetId = t.id WHERE r.enabled = 1 ORDER BY t.name`).all() as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }

  /** Fills in each listing's `locations` (lib/locations/pair-listing.ts says how a pair sums up over them). */
  private withLocations(rows: RouteListingRow[], scope: ListingScope): RouteListing[] {
    if (scope.kind === "location" || !scope.multi) {
      const names = this.locationNames();
      return rows.map((row) => {
        const listing = toRouteListing(row);
        const place = names.get(row.locationId);
        return { ...listing, locations: [ownLocation(listing, row.rowId, place && { name: place.name, region: place.region, online: place.online === 1 })] };
      });
    }
    const rowsByPair = this.readLocationRows(rows);
    return rows.map((row) => {
      const listing = toRouteListing(row);
      return combinePair(listing, rowsByPair.get(pairKey(listing.proxyId, listing.targetId)) ?? []);
    });
  }

  private locationNames(): Map<number, Place> {
    const rows = this.sqlite.prepare(`SELECT id, name, region, NOT ${offlineSql("l")} AS online FROM "Location" l`).all() as Array<Place & { id: number }>;
    return new Map(rows.map((row) => [row.id, row]));
  }

  private readLocationRows(pairs: RouteListingRow[]): Map<string, PairLocationFigures[]> {
    let byPair: Map<string, LocationRow[]>;
    if (pairs.length > PER_PAIR_READS) {
      const wanted = new Set(pairs.map((pair) => pairKey(pair.proxyId, pair.targetId)));
      const rows = this.sqlite.prepare(`SELECT ${LOCATION_COLUMNS} WHERE r.assigned = 1`).iterate() as Iterable<LocationRow>;
      byPair = groupByPair(rows, (row) => wanted.has(pairKey(row.proxyId, row.targetId)));
    } else {
      const read = this.sqlite.prepare(`SELECT ${LOCATION_COLUMNS} WHERE r.proxyId = ? AND r.targetId = ? AND r.assigned = 1`);
      byPair = groupByPair(pairs.flatMap((pair) => read.all(pair.proxyId, pair.targetId) as LocationRow[]));
    }
    const figures = new Map<string, PairLocationFigures[]>();
    for (const [key, rows] of byPair) figures.set(key, rows.sort(hubFirst).map(toFigures));
    return figures;
  }
}
