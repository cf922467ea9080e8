import { apiHandler, readJson } from "@/lib/http/api-handler";
import { ProbeNowInput, getRouteOrThrow } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = apiHandler("admin", async (request, { service }) => {
  const { routeId } = ProbeNowInput.parse(await readJson(request));
  if (routeId !== undefined) getRouteOrThrow(service.sqlite, routeId);
  const probed = await service.probeNow(routeId === undefined ? undefined : [routeId]);
  return { results: probed.map(({ routeId: id, result }) => ({ routeId: id, ...result })) };
});
