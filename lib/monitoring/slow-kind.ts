/**
 * The kind on a route event when a route is degraded by latency (its p95
 * over its threshold) rather than by a failure. It is never a probe's
 * outcome, so it lives beside the outcome kinds, not among them (its texts
 * are in lib/i18n/kind-texts.ts with theirs).
 */
export const SLOW_KIND = "slow";
