import type { TargetQuota } from "./list-quotas";

/** How many targets get a full quota card on the overview; the rest are one line each. */
export const QUOTA_CARDS = 6;

export interface ArrangedQuotas {
  /** Full cards: exhausted targets first, then the others with quota facts, by name. */
  cards: TargetQuota[];
  /** Targets with quota facts beyond the cards, in the same order: a compact line each. */
  more: TargetQuota[];
  /** Names of targets with no quota facts yet (never probed or no snapshot): one sentence for all. */
  unseen: string[];
}

/**
 * Orders the targets' quota facts for the overview. A card per target cost
 * about 8 elements and 0.9 KB of HTML plus as much again in the page's data,
 * so 100 targets were a third of the overview's weight; the cards now go to
 * the few that matter first (out of credit), the rest stay one line each.
 */
export function arrangeQuotas(quotas: readonly TargetQuota[], cardCount = QUOTA_CARDS): ArrangedQuotas {
  const seen = quotas.filter((quota) => quota.exhausted || quota.at !== null);
  const unseen = quotas.filter((quota) => !quota.exhausted && quota.at === null).map((quota) => quota.targetName);
  const ordered = [...seen].sort((a, b) => Number(b.exhausted) - Number(a.exhausted) || (a.targetName < b.targetName ? -1 : a.targetName > b.targetName ? 1 : 0));
  return { cards: ordered.slice(0, cardCount), more: ordered.slice(cardCount), unseen };
}
