import { apiHandler, readJson } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { getLocationOrThrow } from "@/lib/locations/list-locations";
import { revokeLocation } from "@/lib/locations/revoke-location";
import { updateLocation } from "@/lib/locations/update-location";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => ({
  location: await getLocationOrThrow(service.db, IdParam.parse(params).id),
}));

export const PATCH = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const { id } = IdParam.parse(params);
  await updateLocation(service.db, service.store.engine, id, await readJson(request));
  await service.reloadRoutes();
  return { location: await getLocationOrThrow(service.db, id) };
});

/** Revokes (the history stays); the location is still listed, as revoked. */
export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const { id } = IdParam.parse(params);
  await revokeLocation(service.db, id);
  await service.reloadRoutes();
  return { location: await getLocationOrThrow(service.db, id) };
});
