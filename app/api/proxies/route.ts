import { apiHandler, readJson } from "@/lib/http/api-handler";
import { createProxy } from "@/lib/management/create-proxy";
import { listProxies } from "@/lib/management/list-proxies";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ proxies: await listProxies(service.db) }));

export const POST = apiHandler("admin", async (request, { service }) => {
  const proxy = await createProxy(service.db, service.box, await readJson(request));
  await service.reloadRoutes();
  return Response.json({ proxy }, { status: 201 });
});
