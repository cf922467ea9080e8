import { apiHandler, readJson } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { deleteTarget } from "@/lib/management/delete-target";
import { getTargetOrThrow } from "@/lib/management/list-targets";
import { updateTarget } from "@/lib/management/update-target";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => ({
  target: await getTargetOrThrow(service.db, service.box, IdParam.parse(params).id),
}));

export const PATCH = apiHandler<{ id: string }>("admin", async (request, { service, params }) => {
  const target = await updateTarget(service.db, service.box, IdParam.parse(params).id, await readJson(request));
  await service.reloadRoutes();
  return { target };
});

export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const result = await deleteTarget(service.db, IdParam.parse(params).id);
  await service.reloadRoutes();
  return result;
});
