import { apiHandler } from "@/lib/http/api-handler";
import { IdParam, searchParamsOf } from "@/lib/http/query-params";
import { getRouteSeries } from "@/lib/monitoring/get-route-series";
import { getRouteOrThrow, RouteSeriesQuery } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const { id } = IdParam.parse(params);
  const query = RouteSeriesQuery.parse(searchParamsOf(request));
  await getRouteOrThrow(service.store, id);
  return getRouteSeries(service.store, id, query.from, query.to, query.stepMs);
});
