import { DAY_MS, utcDayStart } from "./tally-token-days";

/** The days of token figures shown per target: today and the six before it (UTC). */
export const TOKEN_DAYS_SHOWN = 7;

export interface TokenFigures {
  promptTokens: number;
  completionTokens: number;
  probes: number;
}

export interface TargetTokens {
  /** Today (UTC) so far. */
  today: TokenFigures;
  /** Today and the six days before it. */
  last7Days: TokenFigures;
  /** Each of those days with probes, newest first; `day` is the UTC date (YYYY-MM-DD). */
  days: Array<TokenFigures & { day: string }>;
}

export interface TokenDayRow extends TokenFigures {
  targetId: number;
  day: number;
}

const zero = (): TokenFigures => ({ promptTokens: 0, completionTokens: 0, probes: 0 });

function addTo(sum: TokenFigures, row: TokenFigures): void {
  sum.promptTokens += row.promptTokens;
  sum.completionTokens += row.completionTokens;
  sum.probes += row.probes;
}

/** The first UTC day shown for `now`. */
export function firstDayShown(now: number): number {
  return utcDayStart(now) - (TOKEN_DAYS_SHOWN - 1) * DAY_MS;
}

/** Per target, its figures from the stored day rows (rows outside the days shown are ignored). */
export function summarizeTokenDays(rows: TokenDayRow[], now: number): Map<number, TargetTokens> {
  const today = utcDayStart(now);
  const first = firstDayShown(now);
  const byTarget = new Map<number, TargetTokens>();
  for (const row of [...rows].sort((a, b) => b.day - a.day)) {
    if (row.day < first || row.day > today) continue;
    let tokens = byTarget.get(row.targetId);
    if (!tokens) {
      tokens = emptyTargetTokens();
      byTarget.set(row.targetId, tokens);
    }
    const figures = { promptTokens: row.promptTokens, completionTokens: row.completionTokens, probes: row.probes };
    if (row.day === today) addTo(tokens.today, figures);
    addTo(tokens.last7Days, figures);
    tokens.days.push({ day: new Date(row.day).toISOString().slice(0, 10), ...figures });
  }
  return byTarget;
}

export function emptyTargetTokens(): TargetTokens {
  return { today: zero(), last7Days: zero(), days: [] };
}
