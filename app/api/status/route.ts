import { apiHandler } from "@/lib/http/api-handler";
import { getPublicStatus } from "@/lib/status/get-public-status";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("public", async (_request, { service }) => getPublicStatus(service.store, Date.now(), service.config.minLocations ?? null));
