import { apiHandler, readJson } from "@/lib/http/api-handler";
import { effectiveStatusPageOptions, saveStatusPageOptions } from "@/lib/settings/status-page-options";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The public status page's title, logo, description and link back, and where they come from (the file's are read-only here). */
export const GET = apiHandler("admin", async (_request, { service }) => effectiveStatusPageOptions(service.db, service.config));

export const PUT = apiHandler("admin", async (request, { service }) => saveStatusPageOptions(service.db, service.config, await readJson(request, 128 * 1024)));
