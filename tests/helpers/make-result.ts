import { OUTCOME_KINDS, type OutcomeKind } from "@/lib/classify/kinds";
import type { ProbeResult } from "@/lib/probe/run-probe";
import { kindHints } from "@/lib/i18n/kind-texts";

/** A ProbeResult as the probe engine returns it, for storage-level tests. */
export function makeResult(kind: OutcomeKind, at: Date | number, totalMs: number | null = 100, extra: Partial<ProbeResult> = {}): ProbeResult {
  const ok = kind === "ok";
  return {
    ok,
    kind,
    layer: OUTCOME_KINDS[kind].layer,
    httpStatus: ok ? 200 : null,
    apiErrorCode: null,
    apiErrorType: null,
    message: ok ? "OK" : kind,
    hint: kindHints(kind),
    requestId: null,
    processingMs: null,
    timings: ok
      ? { dnsMs: 1, connectMs: 2, tunnelMs: null, tlsMs: 10, ttfbMs: (totalMs ?? 13) - 13, totalMs }
      : { dnsMs: null, connectMs: null, tunnelMs: null, tlsMs: null, ttfbMs: null, totalMs },
    quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    usage: null,
    probe: "chat",
    route: "direct",
    startedAt: new Date(at).toISOString(),
    midStream: false,
    stream: null,
    ...extra,
  };
}
