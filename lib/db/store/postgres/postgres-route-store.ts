import type pg from "pg";
import { HUB_LOCATION_ID } from "../../../locations/location-name";
import { combinePair, hubFirst, ownLocation } from "../../../locations/pair-listing";
import type { RouteState } from "../../../monitoring/route-state";
import type { LocationPresence, PairLocationFigures, RouteListing, RouteNamesAtLocation, RoutePage, RoutePageQuery, RoutePlace, RouteStore } from "../route-store";
import { groupByPair, likeWord, pairKey, searchWords, toPairLocationFigures, toRouteListing, worstFirst, type PairLocationRow, type RouteListingRow } from "../route-rows";
import { pgOfflineSql } from "./pg-aggregate-state";
import { PgParams } from "./pg-params";
import { asSqliteListingRow, pgRouteListingSql, type PgListingScope, type PgRouteListingRow } from "./pg-route-listing-sql";

const LOCATION_COLUMNS = `r.id, r."proxyId", r."targetId", r."locationId", l.name, l.region, NOT ${pgOfflineSql("l")} AS online, r.state, r."stateChangedAt", r."lastProbeAt", r."lastOk", r."lastKind", r."lastTotalMs",
       r."lastFailAt", r."lastFailKind", r."skippedSlots", s.windows, s."computedAt"
  FROM "Route" r JOIN "Location" l ON l.id = r."locationId" LEFT JOIN "RouteSummary" s ON s."routeId" = r.id`;

/** SQLite's binary order of text (its default collation), which the listings sort by. */
const BINARY = `COLLATE "C"`;

/**
 * SQLite's NOCASE and LIKE fold ASCII letters only; lower() under the "C"
 * collation does exactly that (other letters keep their case).
 */
const asciiLower = (sql: string) => `lower((${sql}) ${BINARY})`;

const BY_NAME = `t.name ${BINARY}, p.name ${BINARY}`;

/** The filters as conditions on a listing (`state`: the SQL of the pair's state, which they filter on). */
function whereClause(query: RoutePageQuery, state: string, params: PgParams): string {
  const conditions: string[] = [];
  if (query.state) conditions.push(`${state} = ${params.add(query.state)}`);
  if (query.target) conditions.push(`${asciiLower("t.name")} = ${asciiLower(`${params.add(query.target)}::text`)}`);
  if (query.proxy) conditions.push(`${asciiLower("p.name")} = ${asciiLower(`${params.add(query.proxy)}::text`)}`);
  const words = searchWords(query.q);
  for (const word of words) {
    conditions.push(`${asciiLower(`t.name || ' via ' || p.name`)} LIKE ${asciiLower(`${params.add(likeWord(word))}::text`)} ESCAPE '\\'`);
  }
  return conditions.map((condition) => ` AND ${condition}`).join("");
}

type Place = { name: string; region: string | null; online: boolean };

/** RouteStore on PostgreSQL: the same answers as SqliteRouteStore (the specification), each from one or a few queries. */
export class PostgresRouteStore implements RouteStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Whether some pair is probed from a location other than the hub (until one is, the hub's row is the whole story). */
  private async usesLocations(): Promise<boolean> {
    const { rows } = await this.pool.query<{ used: boolean }>(`SELECT EXISTS (SELECT 1 FROM "Route" WHERE "locationId" <> 1 AND assigned) AS used`);
    return rows[0]!.used;
  }

  async list(filter: { routeId?: number; minLocations?: number | null } = {}): Promise<RouteListing[]> {
    const scope = { kind: "pairs", multi: await this.usesLocations() } as const;
    const params = new PgParams();
    // Every pair's state is read when no row is named: one grouped pass then.
    const listing = pgRouteListingSql(scope, params, filter.minLocations ?? null, filter.routeId === undefined);
    let pairOfRow = "";
    if (filter.routeId !== undefined) {
      // A row at another location names its pair too (its results and series are under its own id).
      const routeId = `${params.add(filter.routeId)}::int`;
      pairOfRow = `AND r.id = COALESCE((SELECT h.id FROM "Route" x JOIN "Route" h ON h."proxyId" = x."proxyId" AND h."targetId" = x."targetId" AND h."locationId" = 1 WHERE x.id = ${routeId}), ${routeId})`;
    }
    const { rows } = await this.pool.query<PgRouteListingRow>(`${listing.sql} ${pairOfRow} ORDER BY ${BY_NAME}`, params.values);
    return this.withLocations(rows.map(asSqliteListingRow), scope);
  }

  async listAtLocation(locationId: number): Promise<RouteListing[]> {
    const scope = { kind: "location", locationId } as const;
    const params = new PgParams();
    const listing = pgRouteListingSql(scope, params, null);
    const { rows } = await this.pool.query<PgRouteListingRow>(`${listing.sql} ORDER BY ${BY_NAME}`, params.values);
    return this.withLocations(rows.map(asSqliteListingRow), scope);
  }

  async listPage(query: RoutePageQuery): Promise<RoutePage> {
    const scope = { kind: "pairs", multi: await this.usesLocations() } as const;
    const params = new PgParams();
    const listing = pgRouteListingSql(scope, params, query.minLocations ?? null, query.sort === "worst" || Boolean(query.state));
    const where = whereClause(query, listing.state, params);
    const order = query.sort === "worst" ? `${worstFirst(listing.state)}, ${BY_NAME}, r.id` : `${BY_NAME}, r.id`;
    const counted = this.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM (${listing.sql} ${where}) AS matching`, params.values);
    const pageParams = new PgParams();
    pageParams.values.push(...params.values);
    // LIMIT NULL is PostgreSQL's "no limit".
    const page = this.pool.query<PgRouteListingRow>(
      `${listing.sql} ${where} ORDER BY ${order} LIMIT ${pageParams.add(query.limit)}::bigint OFFSET ${pageParams.add(query.offset)}::bigint`,
      pageParams.values,
    );
    const [total, rows] = await Promise.all([counted, page]);
    return { routes: await this.withLocations(rows.rows.map(asSqliteListingRow), scope), total: total.rows[0]!.n };
  }

  async countByState(minLocations: number | null): Promise<Record<RouteState, number>> {
    const counts: Record<RouteState, number> = { up: 0, degraded: 0, down: 0, unknown: 0, paused: 0 };
    const params = new PgParams();
    const listing = pgRouteListingSql({ kind: "pairs", multi: await this.usesLocations() }, params, minLocations, true);
    const { rows } = await this.pool.query<{ state: RouteState; n: number }>(`SELECT state, COUNT(*)::int AS n FROM (${listing.sql}) AS pairs GROUP BY state`, params.values);
    for (const row of rows) {
      if (row.state in counts) counts[row.state] = row.n;
    }
    return counts;
  }

  async listNames(): Promise<{ targets: string[]; proxies: string[] }> {
    const { rows } = await this.pool.query<{ kind: "target" | "proxy"; names: string[] }>(
      `SELECT 'target' AS kind, COALESCE(array_agg(name ORDER BY name ${BINARY}), '{}') AS names FROM "Target"
       UNION ALL SELECT 'proxy', COALESCE(array_agg(name ORDER BY name ${BINARY}), '{}') FROM "Proxy"`,
    );
    const names = (kind: "target" | "proxy") => rows.find((row) => row.kind === kind)!.names;
    return { targets: names("target"), proxies: names("proxy") };
  }

  async lastProbeTimes(routeIds: number[]): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ id: number; lastProbeAt: number }>(`SELECT id, "lastProbeAt" FROM "Route" WHERE id = ANY($1::int[]) AND "lastProbeAt" IS NOT NULL`, [routeIds]);
    return new Map(rows.map((row) => [row.id, row.lastProbeAt]));
  }

  async namesAtLocation(routeId: number): Promise<RouteNamesAtLocation | undefined> {
    const { rows } = await this.pool.query<RouteNamesAtLocation>(
      `SELECT p.name AS "proxyName", t.name AS "targetName", l.name AS "locationName" FROM "Route" r
         JOIN "Proxy" p ON p.id = r."proxyId" JOIN "Target" t ON t.id = r."targetId" JOIN "Location" l ON l.id = r."locationId" WHERE r.id = $1`,
      [routeId],
    );
    return rows[0];
  }

  async placeOf(routeId: number): Promise<RoutePlace | null> {
    const { rows } = await this.pool.query<RoutePlace>(
      `SELECT r."locationId", l.name AS location, hub.id AS "hubRouteId"
         FROM "Route" r JOIN "Location" l ON l.id = r."locationId"
         LEFT JOIN "Route" hub ON hub."proxyId" = r."proxyId" AND hub."targetId" = r."targetId" AND hub."locationId" = ${HUB_LOCATION_ID}
        WHERE r.id = $1`,
      [routeId],
    );
    return rows[0] ?? null;
  }

  async findLocation(name: string): Promise<LocationPresence | null> {
    const { rows } = await this.pool.query<LocationPresence>(`SELECT id, name, ${pgOfflineSql(`"Location"`)} AS offline FROM "Location" WHERE name = $1`, [name]);
    return rows[0] ?? null;
  }

  async listLocationNames(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(`SELECT name FROM "Location" ORDER BY id <> 1, name ${BINARY}`);
    return rows.map((row) => row.name);
  }

  async targetExists(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM "Target" WHERE name = $1`, [name]);
    return (rowCount ?? 0) > 0;
  }

  async listTargetNamesWithEnabledRoutes(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT t.name FROM "Target" t WHERE EXISTS (SELECT 1 FROM "Route" r WHERE r."targetId" = t.id AND r.enabled) ORDER BY t.name ${BINARY}`,
    );
    return rows.map((row) => row.name);
  }

  /** Fills in each listing's `locations` (lib/locations/pair-listing.ts says how a pair sums up over them). */
  private async withLocations(rows: RouteListingRow[], scope: PgListingScope): Promise<RouteListing[]> {
    if (scope.kind === "location" || !scope.multi) {
      const names = await this.locationNames();
      return rows.map((row) => {
        const listing = toRouteListing(row);
        return { ...listing, locations: [ownLocation(listing, row.rowId, names.get(row.locationId))] };
      });
    }
    const rowsByPair = await this.readPairLocationRows(rows);
    return rows.map((row) => {
      const listing = toRouteListing(row);
      return combinePair(listing, rowsByPair.get(pairKey(listing.proxyId, listing.targetId)) ?? []);
    });
  }

  private async locationNames(): Promise<Map<number, Place>> {
    const { rows } = await this.pool.query<Place & { id: number }>(`SELECT id, name, region, NOT ${pgOfflineSql("l")} AS online FROM "Location" l`);
    return new Map(rows.map((row) => [row.id, { name: row.name, region: row.region, online: row.online }]));
  }

  /** The assigned rows of these pairs at every location, in one query. */
  private async readPairLocationRows(pairs: RouteListingRow[]): Promise<Map<string, PairLocationFigures[]>> {
    if (pairs.length === 0) return new Map();
    const { rows } = await this.pool.query<PairLocationRow>(
      `SELECT ${LOCATION_COLUMNS}
        WHERE r.assigned AND (r."proxyId", r."targetId") IN (SELECT * FROM unnest($1::int[], $2::int[]))`,
      [pairs.map((pair) => pair.proxyId), pairs.map((pair) => pair.targetId)],
    );
    const byPair = groupByPair(rows);
    const figures = new Map<string, PairLocationFigures[]>();
    for (const [key, list] of byPair) figures.set(key, list.sort(hubFirst).map(toPairLocationFigures));
    return figures;
  }
}
