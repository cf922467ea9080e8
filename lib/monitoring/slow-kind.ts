import { OUTCOME_KINDS, type KindInfo, type OutcomeKind } from "../classify/kinds";

/**
 * The kind on a route event when a route is degraded by latency (its p95
 * over its threshold) rather than by a failure. It is never a probe's
 * outcome, so it lives beside the outcome kinds, not among them.
 */
export const SLOW_KIND = "slow";

export const SLOW_KIND_INFO: KindInfo = {
  layer: null,
  title: { en: "Slow (over its latency threshold)", zh: "缓慢（超过延迟阈值）" },
  hint: {
    en: "The route answers, but the p95 of its recent successful probes is above the latency threshold set for it: look at the latency chart's phases (tunnel and TLS point at the proxy, waiting at the API), or raise the threshold if this speed is normal.",
    zh: "线路可以应答，但最近成功探测的 p95 延迟高于为其设置的阈值：请查看延迟图中的各阶段（隧道和 TLS 指向代理，等待指向 API）；如果这个速度属于正常，请调高阈值。",
  },
};

/** What a route event's kind means: an outcome kind, or "slow"; null for none or a kind this version does not know. */
export function routeEventKindInfo(kind: string | null): KindInfo | null {
  if (kind === SLOW_KIND) return SLOW_KIND_INFO;
  return kind !== null && kind in OUTCOME_KINDS ? OUTCOME_KINDS[kind as OutcomeKind] : null;
}
