import * as z from "zod";
import { AppError } from "@/lib/http/app-error";
import { apiHandler, isAdminRequest } from "@/lib/http/api-handler";
import { searchParamsOf } from "@/lib/http/query-params";
import { findBestRoute } from "@/lib/monitoring/find-best-route";
import { formatProxySpec } from "@/lib/routes/parse-proxy-spec";
import { publicHosts } from "@/lib/status/get-public-status";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const BestRouteQuery = z
  .object({
    target: z.string().trim().min(1, "give the target's name: ?target=NAME"),
    /** Weigh the routes as probed from this location (absent: the hub's own probes). */
    location: z.string().trim().min(1, "location is empty: give a location's name, or leave it out for the hub's own probes").max(200, "location is at most 200 characters").optional(),
  })
  .strict();

/**
 * Which route to use for a target right now, with the evidence. Admin
 * callers get the proxy with its credentials and the base URL; anonymous
 * callers get names only (hosts are private unless marked public, as on the
 * status page). 503 when none is healthy.
 */
export const GET = apiHandler("public", async (request, { service }) => {
  const { target, location } = BestRouteQuery.parse(searchParamsOf(request));
  const answer = await findBestRoute(service.store, target, service.config.bestRoute.minSuccessRate, location);
  const where = answer.location ? { location: answer.location } : {};
  if (!answer.best) throw new AppError("no_healthy_route", answer.reason ?? "no healthy route", 503, answer.candidates);
  const admin = await isAdminRequest(request, service);
  const route = { id: answer.best.routeId, proxyName: answer.best.proxyName };
  if (!admin) {
    return {
      target: answer.target,
      ...where,
      route: { ...route, proxy: null, resolvedProxy: null, baseUrl: null, credentialsIncluded: false, ...(await publicHosts(service.store)).get(answer.best.routeId) },
      evidence: answer.best,
      candidates: answer.candidates,
    };
  }
  const runtime = service.catalog.get(answer.best.routeId);
  const spec = runtime?.dispatcher.spec;
  const resolved = runtime ? resolvedOrNull(() => runtime.dispatcher.routeFor(runtime.baseUrl)) : null;
  return {
    target: answer.target,
    ...where,
    route: {
      ...route,
      proxy: spec ? formatProxySpec(spec, "include") : null,
      // What `env` means on the server, so a shell elsewhere can use it.
      resolvedProxy: resolved ? formatProxySpec(resolved, "include") : null,
      baseUrl: runtime?.baseUrl ?? null,
      credentialsIncluded: true,
    },
    evidence: answer.best,
    candidates: answer.candidates,
  };
});

/** An `env` route whose proxy variable is unusable resolves to nothing to hand on. */
function resolvedOrNull<T>(resolve: () => T): T | null {
  try {
    return resolve();
  } catch {
    return null;
  }
}
