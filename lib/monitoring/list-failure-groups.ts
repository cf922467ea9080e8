import type { ResultCursor } from "../db/store/history-store";
import type { Store } from "../db/store/store";
import { FailureGrouper, type FailureGroup } from "./group-failures";

export interface FailureGroupPage {
  groups: FailureGroup[];
  /** The id to ask for older failures with (`before`), or null at the end of the range. */
  next: number | null;
}

/** Rows read per query while grouping. */
const CHUNK = 500;

/**
 * One page of a route's failures in [from, to) grouped into runs of
 * identical consecutive failures (a success in between ends a run), newest first: up to `limit` runs, each
 * complete (a run is cut only when it alone is longer than `maxScan` rows, and
 * then goes on on the next page). Reads failures in chunks until the run
 * after the last one shown has begun.
 */
export async function listFailureGroups(
  store: Store,
  routeId: number,
  options: { from: number; to: number; limit: number; before?: ResultCursor | null; keepMembers?: number; maxScan?: number },
): Promise<FailureGroupPage> {
  const maxScan = options.maxScan ?? 20_000;
  const grouper = new FailureGrouper(options.keepMembers ?? 0);
  let before = options.before ?? null;
  let scanned = 0;
  // The time of the failure fed last (newer than the next one), or the page's upper end.
  let newerAt = before?.at ?? options.to;
  for (;;) {
    const rows = await store.history.listResults({ routeId, from: options.from, to: options.to, limit: CHUNK, failuresOnly: true, before });
    // The successes among this chunk's failures (and since the one fed last), newest first.
    const successes = rows.length ? await store.history.listSuccessTimes({ routeId, after: Date.parse(rows.at(-1)!.at), before: newerAt }) : [];
    let next = 0;
    for (const row of rows) {
      const at = Date.parse(row.at);
      let afterSuccess = false;
      while (next < successes.length && successes[next]! > at) {
        afterSuccess = true;
        next += 1;
      }
      grouper.add(row, afterSuccess);
      newerAt = at;
      scanned += 1;
      if (grouper.groups.length > options.limit) {
        // The run after the last shown has begun: every shown run is complete.
        const shown = grouper.groups.slice(0, options.limit);
        return { groups: shown, next: shown.at(-1)!.oldestId };
      }
    }
    if (rows.length < CHUNK) return { groups: grouper.groups, next: null };
    const last = rows.at(-1)!;
    if (scanned >= maxScan) return { groups: grouper.groups, next: last.id };
    before = { at: Date.parse(last.at), id: last.id };
  }
}
