import { apiHandler } from "@/lib/http/api-handler";
import { listRoutes } from "@/lib/monitoring/list-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ routes: listRoutes(service.sqlite) }));
