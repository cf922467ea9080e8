import type { Store } from "../db/store/store";

export interface TargetQuota {
  targetId: number;
  targetName: string;
  at: string | null;
  limitRequests: number | null;
  remainingRequests: number | null;
  /** When the request budget resets (ISO), from the reset header and the snapshot time. */
  resetRequestsAt: string | null;
  limitTokens: number | null;
  remainingTokens: number | null;
  resetTokensAt: string | null;
  exhausted: boolean;
  /**
   * The location whose probe reported these facts, when it was a probe agent
   * (null: the hub's own). Quota is the account's, the same from everywhere,
   * so the newest report from any location is the target's; each location's
   * own reports stay in its results (`/api/routes/:id/results` of its row).
   */
  location: string | null;
}

/** The latest quota facts of every target (a target never probed has nulls). */
export async function listQuotas(store: Store): Promise<TargetQuota[]> {
  const rows = await store.dashboard.listQuotas();
  return rows.map((row) => ({
    targetId: row.targetId,
    targetName: row.targetName,
    at: isoOrNull(row.at),
    limitRequests: row.limitRequests,
    remainingRequests: row.remainingRequests,
    resetRequestsAt: resetAt(row.at, row.resetRequestsMs),
    limitTokens: row.limitTokens,
    remainingTokens: row.remainingTokens,
    resetTokensAt: resetAt(row.at, row.resetTokensMs),
    exhausted: row.exhausted,
    location: row.location,
  }));
}

/** When a budget resets; null when unknown or when no date can hold it (an upstream's absurd reset header: shown as unknown, never a thrown page). */
function resetAt(at: number | null, ms: number | null): string | null {
  return at !== null && ms !== null ? isoOrNull(at + ms) : null;
}

function isoOrNull(ms: number | null): string | null {
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
