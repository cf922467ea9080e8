import { OUTCOME_KINDS } from "../classify/kinds";
import { runProbe, type ProbeResult } from "../probe/run-probe";
import { EMPTY_TIMINGS } from "../probe/timings";
import type { RuntimeRoute } from "./route-catalog";

/** Sent when no key is configured: the API's 401 still proves the route reaches it. */
const NO_KEY = "sk-proxypulse-no-key-configured";

/** Probes one route as configured. Never throws: a problem is a result. */
export async function probeRoute(route: RuntimeRoute): Promise<ProbeResult> {
  if (route.configError) return configFailure(route, route.configError);
  const result = await runProbe(route.dispatcher, {
    baseUrl: route.baseUrl,
    apiKey: route.apiKey ?? NO_KEY,
    model: route.model,
    probe: route.probe,
    timeoutMs: route.timeoutMs,
  });
  if (route.apiKey === null && result.kind === "auth_invalid") {
    result.message = `No API key is configured (set ${route.apiKeySource}); the route reaches the API, which answered: ${result.message}`;
  }
  return result;
}

function configFailure(route: RuntimeRoute, message: string): ProbeResult {
  return {
    ok: false,
    kind: "unknown",
    layer: null,
    httpStatus: null,
    apiErrorCode: null,
    apiErrorType: null,
    message,
    hint: { ...OUTCOME_KINDS.unknown.hint },
    requestId: null,
    processingMs: null,
    timings: { ...EMPTY_TIMINGS },
    quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    usage: null,
    probe: route.probe,
    route: route.proxyName,
    startedAt: new Date().toISOString(),
  };
}
