import { apiHandler, readJson } from "@/lib/http/api-handler";
import { createLocation } from "@/lib/locations/create-location";
import { listLocations } from "@/lib/locations/list-locations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ locations: await listLocations(service.db) }));

/** The answer holds the agent's token: the only time it is shown. */
export const POST = apiHandler("admin", async (request, { service }) => {
  const location = await createLocation(service.db, await readJson(request));
  await service.reloadRoutes();
  return Response.json(location, { status: 201, headers: { "cache-control": "no-store" } });
});
