import type { Sqlite } from "../db/sqlite";
import { withLocations } from "../locations/pair-listing";
import { routeListingSql, toRouteListing, usesLocations, type RouteListing, type RouteListingRow } from "./list-routes";
import type { RouteState } from "./route-state";

export interface RoutePageQuery {
  state?: RouteState;
  /** A target's whole name, ignoring (ASCII) case. */
  target?: string;
  /** A proxy's whole name, ignoring (ASCII) case. */
  proxy?: string;
  /** Words, each found anywhere in "target via proxy", ignoring (ASCII) case. */
  q?: string;
  sort: "name" | "worst";
  /** Rows to return; null for every matching route. */
  limit: number | null;
  offset: number;
  /** proxypulse.yaml's minLocations (null or absent: a majority of each pair's locations). */
  minLocations?: number | null;
}

export interface RoutePage {
  routes: RouteListing[];
  /** How many routes match the filters (all pages). */
  total: number;
}

/** More words than anyone types; keeps a pasted paragraph from becoming a hundred LIKEs. */
const MAX_WORDS = 8;

/** down, degraded, no data, up, paused: what needs a look comes first, what was switched off on purpose last. */
const worstFirst = (state: string) => `CASE ${state} WHEN 'down' THEN 0 WHEN 'degraded' THEN 1 WHEN 'unknown' THEN 2 WHEN 'up' THEN 3 ELSE 4 END`;

/** `%`, `_` and the escape character itself match literally in a search word. */
function likeWord(word: string): string {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

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
  const words = (query.q ?? "").split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
  words.forEach((word, i) => {
    conditions.push(`(t.name || ' via ' || p.name) LIKE @w${i} ESCAPE '\\'`);
    params[`w${i}`] = likeWord(word);
  });
  return { sql: conditions.map((condition) => ` AND ${condition}`).join(""), params };
}

/**
 * One page of the route listing, filtered, sorted and cut in SQL (the rest
 * of the routes never reach JavaScript), and how many match in all.
 */
export function listRoutePage(db: Sqlite, query: RoutePageQuery): RoutePage {
  const scope = { kind: "pairs", multi: usesLocations(db) } as const;
  const listing = routeListingSql(scope);
  const where = whereClause(query, listing.state);
  const params = { ...where.params, minLocations: query.minLocations ?? null };
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM (${listing.sql} ${where.sql})`).get(params) as { n: number }).n;
  const order = query.sort === "worst" ? `${worstFirst(listing.state)}, t.name, p.name, r.id` : "t.name, p.name, r.id";
  const rows = db
    .prepare(`${listing.sql} ${where.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    // LIMIT -1 is SQLite's "no limit".
    .all({ ...params, limit: query.limit ?? -1, offset: query.offset }) as RouteListingRow[];
  return { routes: withLocations(db, rows.map((row) => ({ row, listing: toRouteListing(row) })), scope), total };
}

/** Pairs by state (over their locations) over every pair, whatever the filters: the overview's headline. */
export function countRoutesByState(db: Sqlite, minLocations: number | null = null): Record<RouteState, number> {
  const counts: Record<RouteState, number> = { up: 0, degraded: 0, down: 0, unknown: 0, paused: 0 };
  const listing = routeListingSql({ kind: "pairs", multi: usesLocations(db) });
  const rows = db.prepare(`SELECT state, COUNT(*) AS n FROM (${listing.sql}) GROUP BY state`).all({ minLocations }) as Array<{ state: RouteState; n: number }>;
  for (const row of rows) {
    if (row.state in counts) counts[row.state] = row.n;
  }
  return counts;
}

/** Every target's and proxy's name, sorted: the choices of the overview's filters. */
export function listRouteNames(db: Sqlite): { targets: string[]; proxies: string[] } {
  const names = (table: string) => (db.prepare(`SELECT name FROM "${table}" ORDER BY name`).pluck().all() as string[]);
  return { targets: names("Target"), proxies: names("Proxy") };
}
