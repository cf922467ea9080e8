import type { Sqlite } from "../db/sqlite";

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
}

/** The latest quota facts of every target (a target never probed has nulls). */
export function listQuotas(db: Sqlite): TargetQuota[] {
  const rows = db
    .prepare(
      `SELECT t.id AS targetId, t.name AS targetName, q.at, q.limitRequests, q.remainingRequests, q.resetRequestsMs,
              q.limitTokens, q.remainingTokens, q.resetTokensMs, q.exhausted
         FROM "Target" t LEFT JOIN "QuotaSnapshot" q ON q.targetId = t.id ORDER BY t.name`,
    )
    .all() as Array<{
    targetId: number;
    targetName: string;
    at: number | null;
    limitRequests: number | null;
    remainingRequests: number | null;
    resetRequestsMs: number | null;
    limitTokens: number | null;
    remainingTokens: number | null;
    resetTokensMs: number | null;
    exhausted: number | null;
  }>;
  const resetAt = (at: number | null, ms: number | null) => (at !== null && ms !== null ? new Date(at + ms).toISOString() : null);
  return rows.map((row) => ({
    targetId: row.targetId,
    targetName: row.targetName,
    at: row.at === null ? null : new Date(row.at).toISOString(),
    limitRequests: row.limitRequests,
    remainingRequests: row.remainingRequests,
    resetRequestsAt: resetAt(row.at, row.resetRequestsMs),
    limitTokens: row.limitTokens,
    remainingTokens: row.remainingTokens,
    resetTokensAt: resetAt(row.at, row.resetTokensMs),
    exhausted: row.exhausted === 1,
  }));
}
