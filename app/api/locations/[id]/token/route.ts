import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { rotateLocationToken } from "@/lib/locations/rotate-location-token";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A new token, shown once in this answer; the old one is refused at once. */
export const POST = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const location = await rotateLocationToken(service.db, IdParam.parse(params).id);
  // A revoked location is in use again: its routes come back.
  await service.reloadRoutes();
  return location;
});
