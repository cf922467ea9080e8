import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { deleteMaintenanceWindow } from "@/lib/maintenance/maintenance-windows";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => deleteMaintenanceWindow(service.db, IdParam.parse(params).id));
