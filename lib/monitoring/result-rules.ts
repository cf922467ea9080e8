import { kindFromCode } from "../classify/kind-codes";

/**
 * Whether a result taken at `at` is newer than the last one kept. A last one
 * stamped in the future means the wall clock was set back since: then the new
 * result is the newest observation, or the route would freeze until the clock
 * caught up again.
 */
export function isNewest(at: number, lastAt: number | null, now: number): boolean {
  return lastAt === null || at >= lastAt || lastAt > now;
}

/** The kind seen most; a tie goes to the name first in alphabetical order (as when kinds were stored by name). */
export function dominantKind(counts: Array<{ kindCode: number; n: number }>): string | null {
  const named = counts.map(({ kindCode, n }) => ({ kind: kindFromCode(kindCode), n }));
  named.sort((a, b) => b.n - a.n || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return named[0]?.kind ?? null;
}

export const QUOTA_FIELDS = ["limitRequests", "remainingRequests", "resetRequestsMs", "limitTokens", "remainingTokens", "resetTokensMs"] as const;
export type QuotaFacts = Record<(typeof QUOTA_FIELDS)[number], number | null>;
