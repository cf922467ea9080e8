import { runProbe, unsentResult, type ProbeResult } from "../probe/run-probe";
import type { ProbeKindName } from "../providers/registry";
import type { RuntimeRoute } from "./route-catalog";

/** Probes one route as configured, with its own kind unless told another (the free kind of a scheduled round). Never throws: a problem is a result. */
export async function probeRoute(route: RuntimeRoute, probe: ProbeKindName = route.probe): Promise<ProbeResult> {
  if (route.configError) return unsentResult(route.configError, { probe, route: route.proxyName });
  return runProbe(route.dispatcher, {
    baseUrl: route.baseUrl,
    apiKey: route.apiKey,
    apiKeySource: route.apiKeySource,
    model: route.model,
    provider: route.provider,
    probe,
    timeoutMs: route.timeoutMs,
  });
}
