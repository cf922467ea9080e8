import { apiHandler, readJson } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { updateRoute } from "@/lib/management/update-route";
import { getRouteOrThrow } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const { id } = IdParam.parse(params);
  return { route: await getRouteOrThrow(service.store, id, service.config.minLocations ?? null) };
});

export const PATCH = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const { id } = IdParam.parse(params);
  await updateRoute(service.db, id, await readJson(request));
  await service.reloadRoutes();
  return { route: await getRouteOrThrow(service.store, id, service.config.minLocations ?? null) };
});
