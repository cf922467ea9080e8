import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { deleteMaintenanceWindow } from "@/lib/maintenance/maintenance-windows";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const deleted = await deleteMaintenanceWindow(service.db, IdParam.parse(params).id);
  // No longer silences this process's alerts (other processes read the windows again within seconds).
  await service.kept.maintenanceWindows.refreshOrLog();
  return deleted;
});
