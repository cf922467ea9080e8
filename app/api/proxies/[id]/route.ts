import { apiHandler, readJson } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { deleteProxy } from "@/lib/management/delete-proxy";
import { getProxyOrThrow } from "@/lib/management/list-proxies";
import { updateProxy } from "@/lib/management/update-proxy";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => ({
  proxy: await getProxyOrThrow(service.db, IdParam.parse(params).id),
}));

export const PATCH = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const proxy = await updateProxy(service.db, service.box, IdParam.parse(params).id, await readJson(request));
  await service.reloadRoutes();
  return { proxy };
});

export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const result = await deleteProxy(service.db, IdParam.parse(params).id);
  await service.reloadRoutes();
  return result;
});
