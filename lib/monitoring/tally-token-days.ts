import type { TokenUsage } from "../providers/provider";

export const DAY_MS = 86_400_000;

export interface TokenDayTally {
  targetId: number;
  /** The UTC day's midnight, in ms. */
  day: number;
  promptTokens: number;
  completionTokens: number;
  probes: number;
}

/** The UTC midnight starting the day of `at`. */
export function utcDayStart(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** A result's prompt and completion tokens; an answer giving only a total (embeddings) counts it as prompt tokens. */
export function tokensOf(usage: TokenUsage | null): { prompt: number; completion: number } {
  if (!usage) return { prompt: 0, completion: 0 };
  const completion = usage.completionTokens ?? 0;
  const prompt = usage.promptTokens ?? (usage.totalTokens !== null ? Math.max(0, usage.totalTokens - completion) : 0);
  return { prompt, completion };
}

/**
 * Sums a batch's results per (target, UTC day) in memory, so the store
 * writes one row per pair and batch rather than one statement per result
 * (the scheduler records thousands of results a minute).
 */
export class TokenDayTallies {
  private readonly tallies = new Map<string, TokenDayTally>();

  add(targetId: number, at: number, usage: TokenUsage | null): void {
    const day = utcDayStart(at);
    const key = `${targetId}:${day}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { targetId, day, promptTokens: 0, completionTokens: 0, probes: 0 };
      this.tallies.set(key, tally);
    }
    const { prompt, completion } = tokensOf(usage);
    tally.promptTokens += prompt;
    tally.completionTokens += completion;
    tally.probes += 1;
  }

  list(): TokenDayTally[] {
    return [...this.tallies.values()];
  }
}

export const ADD_TOKEN_DAY_SQL = `INSERT INTO "TargetTokenDay" (targetId, day, promptTokens, completionTokens, probes) VALUES (@targetId, @day, @promptTokens, @completionTokens, @probes)
  ON CONFLICT (targetId, day) DO UPDATE SET promptTokens = promptTokens + excluded.promptTokens, completionTokens = completionTokens + excluded.completionTokens, probes = probes + excluded.probes`;
