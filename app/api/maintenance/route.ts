import { apiHandler, readJson } from "@/lib/http/api-handler";
import { createMaintenanceWindow, listMaintenanceWindows } from "@/lib/maintenance/maintenance-windows";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ windows: await listMaintenanceWindows(service.db, service.config.maintenance) }));

export const POST = apiHandler("admin", async (request, { service }) => {
  const window = await createMaintenanceWindow(service.db, await readJson(request));
  // Silences this process's alerts from now on (other processes read the windows again within seconds).
  await service.kept.maintenanceWindows.refreshOrLog();
  return Response.json({ window }, { status: 201 });
});
