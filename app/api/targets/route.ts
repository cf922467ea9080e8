import { apiHandler, readJson } from "@/lib/http/api-handler";
import { createTarget } from "@/lib/management/create-target";
import { listTargets } from "@/lib/management/list-targets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ targets: await listTargets(service.db, service.box) }));

export const POST = apiHandler("admin", async (request, { service }) => {
  const target = await createTarget(service.db, service.box, await readJson(request));
  await service.reloadRoutes();
  return Response.json({ target }, { status: 201 });
});
