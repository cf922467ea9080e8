import { apiHandler, readJson } from "@/lib/http/api-handler";
import { createMaintenanceWindow, listMaintenanceWindows } from "@/lib/maintenance/maintenance-windows";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ windows: listMaintenanceWindows(service.sqlite, service.config.maintenance) }));

export const POST = apiHandler("admin", async (request, { service }) =>
  Response.json({ window: await createMaintenanceWindow(service.db, await readJson(request)) }, { status: 201 }),
);
