import { runProbe, unsentResult, type ProbeResult } from "../probe/run-probe";
import type { RuntimeRoute } from "./route-catalog";

/** Probes one route as configured. Never throws: a problem is a result. */
export async function probeRoute(route: RuntimeRoute): Promise<ProbeResult> {
  if (route.configError) return unsentResult(route.configError, { probe: route.probe, route: route.proxyName });
  return runProbe(route.dispatcher, {
    baseUrl: route.baseUrl,
    apiKey: route.apiKey,
    apiKeySource: route.apiKeySource,
    model: route.model,
    provider: route.provider,
    probe: route.probe,
    timeoutMs: route.timeoutMs,
  });
}
