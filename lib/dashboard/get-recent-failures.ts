import type { StoredResult } from "../db/store/history-store";
import type { Store } from "../db/store/store";
import { MAX_RECORD_ID } from "../http/query-params";
import type { FailureGroup } from "../monitoring/group-failures";
import { listFailureGroups } from "../monitoring/list-failure-groups";
import { rangeWindow, type RangeName } from "./get-route-detail";

const DAY_MS = 86_400_000;
/** Runs per page, failures listed under each run, and rows per page when listed one by one. */
const GROUPS_PER_PAGE = 20;
const MEMBERS_PER_GROUP = 50;
const ROWS_PER_PAGE = 50;

export type FailuresView = "grouped" | "each";

export interface RecentFailures {
  view: FailuresView;
  groups: FailureGroup[];
  rows: StoredResult[];
  /** The result id older failures start after, or null at the end of the range. */
  next: number | null;
  /** Whether this is a later page (there are newer failures to go back to). */
  paged: boolean;
  /** The `before` asked for is gone (pruned, or not this route's): the newest page is shown instead. */
  cursorLost: boolean;
  /** At the end of a range that reaches past retention: raw results are kept this many days. */
  prunedAfterDays: number | null;
}

/** The page's own parameters: view=each lists failures one by one, before=<id> pages to older ones. Anything else is the default. */
export function parseFailuresParams(params: { view?: string; before?: string }): { view: FailuresView; before: number | null } {
  const before = params.before && /^\d{1,10}$/.test(params.before) && Number(params.before) >= 1 && Number(params.before) <= MAX_RECORD_ID ? Number(params.before) : null;
  return { view: params.view === "each" ? "each" : "grouped", before };
}

/**
 * A route page's failure list for the selected range: runs of identical
 * consecutive failures (or each failure), newest first, a page at a time.
 */
export async function getRecentFailures(store: Store, routeId: number, options: { range: RangeName; view: FailuresView; before: number | null; retentionDays: number }, now: number = Date.now()): Promise<RecentFailures> {
  const { from } = rangeWindow(options.range, now);
  const to = now + 1;
  const cursor = options.before === null ? null : await store.history.findResultCursor(routeId, options.before);
  const base = { view: options.view, paged: cursor !== null, cursorLost: options.before !== null && cursor === null };
  let page: { groups: FailureGroup[]; rows: StoredResult[]; next: number | null };
  if (options.view === "grouped") {
    const { groups, next } = await listFailureGroups(store, routeId, { from, to, limit: GROUPS_PER_PAGE, before: cursor, keepMembers: MEMBERS_PER_GROUP });
    page = { groups, rows: [], next };
  } else {
    const rows = await store.history.listResults({ routeId, from, to, limit: ROWS_PER_PAGE + 1, failuresOnly: true, before: cursor });
    page = { groups: [], rows: rows.slice(0, ROWS_PER_PAGE), next: rows.length > ROWS_PER_PAGE ? rows[ROWS_PER_PAGE - 1]!.id : null };
  }
  const reachesPastRetention = from < now - options.retentionDays * DAY_MS;
  return { ...base, ...page, prunedAfterDays: page.next === null && reachesPastRetention ? options.retentionDays : null };
}
