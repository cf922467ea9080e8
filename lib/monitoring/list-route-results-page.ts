import type { StoredResult } from "../db/store/history-store";
import type { Store } from "../db/store/store";
import { ValidationError } from "../http/app-error";
import type { FailureGroup } from "./group-failures";
import { listFailureGroups } from "./list-failure-groups";

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
export async function listRouteResultsPage(
  store: Store,
  routeId: number,
  query: { from: number; to: number; limit: number; failuresOnly: boolean; grouped: boolean; before: number | null },
  retentionDays: number,
  now: number = Date.now(),
): Promise<RouteResultsPage> {
  const before = query.before === null ? null : await store.history.findResultCursor(routeId, query.before);
  if (query.before !== null && !before) {
    const message = `route ${routeId} has no result ${query.before} (a wrong id, or pruned after ${retentionDays} days)`;
    throw new ValidationError(`before: ${message}`, [{ path: "before", message }]);
  }
  const keptFrom = now - retentionDays * DAY_MS;
  const page = { routeId, from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), retentionDays, prunedBefore: query.from < keptFrom ? new Date(keptFrom).toISOString() : null };
  if (query.grouped) {
    const { groups, next } = await listFailureGroups(store, routeId, { from: query.from, to: query.to, limit: query.limit, before });
    return { ...page, groups: groups.map(({ members: _members, ...group }) => group), next };
  }
  // One more than asked: whether an older page exists, without a second query.
  const rows = await store.history.listResults({ routeId, from: query.from, to: query.to, limit: query.limit + 1, failuresOnly: query.failuresOnly, before });
  const results = rows.slice(0, query.limit);
  return { ...page, results, next: rows.length > query.limit ? results.at(-1)!.id : null };
}
