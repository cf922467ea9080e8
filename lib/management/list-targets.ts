import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";
import type { SecretBox } from "../secrets/secret-box";
import { emptyTargetTokens, firstDayShown, summarizeTokenDays, type TargetTokens } from "../monitoring/summarize-token-days";
import { presentTarget, type PresentedTarget } from "./present";

/** A target as listed: with the tokens its probes spent today and over the last 7 days (UTC). */
export type ListedTarget = PresentedTarget & { tokens: TargetTokens };

export async function listTargets(db: Db, box: SecretBox, now: number = Date.now()): Promise<ListedTarget[]> {
  const targets = await db.target.findMany({ orderBy: { name: "asc" } });
  const tokens = await readTokens(db, null, now);
  return targets.map((target) => ({ ...presentTarget(target, box), tokens: tokens.get(target.id) ?? emptyTargetTokens() }));
}

export async function getTargetOrThrow(db: Db, box: SecretBox, id: number, now: number = Date.now()): Promise<ListedTarget> {
  const target = await db.target.findUnique({ where: { id } });
  if (!target) throw new NotFoundError("Target");
  const tokens = await readTokens(db, id, now);
  return { ...presentTarget(target, box), tokens: tokens.get(id) ?? emptyTargetTokens() };
}

async function readTokens(db: Db, targetId: number | null, now: number): Promise<Map<number, TargetTokens>> {
  const rows = await db.targetTokenDay.findMany({ where: { day: { gte: new Date(firstDayShown(now)) }, ...(targetId === null ? {} : { targetId }) } });
  // Numbers on both engines: PostgreSQL's sums are bigint columns (scripts/db/postgres-schema.ts), which its client reads as BigInt.
  return summarizeTokenDays(
    rows.map((row) => ({ ...row, promptTokens: Number(row.promptTokens), completionTokens: Number(row.completionTokens), day: row.day.getTime() })),
    now,
  );
}
