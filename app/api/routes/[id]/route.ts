import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { getRouteOrThrow } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const { id } = IdParam.parse(params);
  return { route: getRouteOrThrow(service.sqlite, id) };
});
