import { apiHandler } from "@/lib/http/api-handler";
import { IdParam, searchParamsOf } from "@/lib/http/query-params";
import { listRouteResults } from "@/lib/monitoring/list-route-results";
import { getRouteOrThrow, RouteResultsQuery } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const { id } = IdParam.parse(params);
  const query = RouteResultsQuery.parse(searchParamsOf(request));
  getRouteOrThrow(service.sqlite, id);
  return { routeId: id, from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), results: listRouteResults(service.sqlite, id, query) };
});
