/** Longest maintenance route pattern accepted (API and proxypulse.yaml). */
export const MAX_ROUTE_PATTERN_LENGTH = 200;
/** Most `*` wildcards in one pattern. */
export const MAX_ROUTE_PATTERN_WILDCARDS = 8;

/**
 * Whether `text` matches `pattern` (`*` = any run of characters), ignoring
 * case. Greedy two-pointer matching that backs up only to the last `*`:
 * at most (pattern + 1) × (text + 1) steps, where a regex built from the
 * pattern backtracks exponentially in the number of `*` (every anonymous
 * /status runs these). `steps`, if given, counts the loop's iterations.
 */
export function globMatch(pattern: string, text: string, steps?: { count: number }): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (steps) steps.count += 1;
    if (pi < p.length && p[pi] === "*") {
      star = pi++;
      resume = ti;
    } else if (pi < p.length && p[pi] === t[ti]) {
      pi += 1;
      ti += 1;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === "*") pi += 1;
  return pi === p.length;
}
