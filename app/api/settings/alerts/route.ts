import { apiHandler, readJson } from "@/lib/http/api-handler";
import { effectiveAlertRules, saveAlertRules } from "@/lib/settings/alert-rules";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The alert rules in force, and where they come from (the file's are read-only here). */
export const GET = apiHandler("admin", async (_request, { service }) => effectiveAlertRules(service.sqlite, service.config));

export const PUT = apiHandler("admin", async (request, { service }) => saveAlertRules(service.sqlite, service.config, await readJson(request)));
