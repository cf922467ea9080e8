import { apiHandler, readJson } from "@/lib/http/api-handler";
import { assertHubRoute } from "@/lib/locations/assert-hub-route";
import { ProbeNowInput, getRouteOrThrow } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiHandler("admin", async (request, { service }) => {
  const { routeId } = ProbeNowInput.parse(await readJson(request));
  if (routeId !== undefined) {
    await getRouteOrThrow(service.store, routeId);
    await assertHubRoute(service.store, routeId);
  }
  service.probeCooldown.take(
    routeId === undefined ? "all" : `route:${routeId}`,
    (wait) => `${routeId === undefined ? "All routes were" : "This route was"} probed moments ago; try again in ${wait} s (probes cost quota).`,
  );
  const probed = await service.probeNow(routeId === undefined ? undefined : [routeId]);
  // Each result names its route by target and proxy, so "probe all" can say which line is which.
  const names = new Map((await service.store.routes.list()).map((route) => [route.id, { target: route.targetName, proxy: route.proxyName }]));
  return { results: probed.map(({ routeId: id, result }) => ({ routeId: id, ...names.get(id), ...result })) };
});
