import type { Sqlite } from "../db/sqlite";
import { ValidationError } from "../http/app-error";
import { findResultCursor } from "./find-result-cursor";
import type { FailureGroup } from "./group-failures";
import { listFailureGroups } from "./list-failure-groups";
import { listRouteResults, type StoredResult } from "./list-route-results";

const DAY_MS = 86_400_000;

export interface RouteResultsPage {
  routeId: number;
  from: string;
  to: string;
  results?: StoredResult[];
  groups?: Array<Omit<FailureGroup, "members">>;
  /** Pass as `before` for the next (older) page; null at the end of the range. */
  next: number | null;
  retentionDays: number;
  /** Set when the range reaches past retention: raw results older than this were pruned. */
  prunedBefore: string | null;
}

/**
 * A page of a route's results for the API: rows, or runs of identical
 * consecutive failures (`grouped`), older than the `before` result id.
 */
export function listRouteResultsPage(
  db: Sqlite,
  routeId: number,
  query: { from: number; to: number; limit: number; failuresOnly: boolean; grouped: boolean; before: number | null },
  retentionDays: number,
  now: number = Date.now(),
): RouteResultsPage {
  const before = query.before === null ? null : findResultCursor(db, routeId, query.before);
  if (query.before !== null && !before) {
    const message = `route ${routeId} has no result ${query.before} (a wrong id, or pruned after ${retentionDays} days)`;
    throw new ValidationError(`before: ${message}`, [{ path: "before", message }]);
  }
  const keptFrom = now - retentionDays * DAY_MS;
  const page = { routeId, from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), retentionDays, prunedBefore: query.from < keptFrom ? new Date(keptFrom).toISOString() : null };
  if (query.grouped) {
    const { groups, next } = listFailureGroups(db, routeId, { from: query.from, to: query.to, limit: query.limit, before });
    return { ...page, groups: groups.map(({ members: _members, ...group }) => group), next };
  }
  // One more than asked: whether an older page exists, without a second query.
  const rows = listRouteResults(db, routeId, { from: query.from, to: query.to, limit: query.limit + 1, failuresOnly: query.failuresOnly, before });
  const results = rows.slice(0, query.limit);
  return { ...page, results, next: rows.length > query.limit ? results.at(-1)!.id : null };
}
