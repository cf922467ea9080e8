import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsOf } from "@/lib/http/query-params";
import { ListRoutesQuery } from "@/lib/monitoring/route-queries";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (request, { service }) => {
  const query = ListRoutesQuery.parse(searchParamsOf(request));
  const { routes, total } = await service.store.routes.listPage({ ...query, minLocations: service.config.minLocations ?? null });
  const next = query.limit !== null && query.offset + routes.length < total ? query.offset + routes.length : null;
  return { routes, total, offset: query.offset, limit: query.limit, next };
});
