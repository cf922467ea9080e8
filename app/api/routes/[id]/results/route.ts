import { apiHandler } from "@/lib/http/api-handler";
import { IdParam, searchParamsOf } from "@/lib/http/query-params";
import { getRouteOrThrow, RouteResultsQuery } from "@/lib/monitoring/route-queries";
import { listRouteResultsPage } from "@/lib/monitoring/list-route-results-page";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const { id } = IdParam.parse(params);
  const query = RouteResultsQuery.parse(searchParamsOf(request));
  await getRouteOrThrow(service.store, id);
  return listRouteResultsPage(service.store, id, query, service.config.retention.rawDays);
});
