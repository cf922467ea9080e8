import { apiHandler, readJson } from "@/lib/http/api-handler";
import { effectiveAlertRules, saveAlertRules } from "@/lib/settings/alert-rules";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The alert rules in force, and where they come from (the file's are read-only here). */
export const GET = apiHandler("admin", async (_request, { service }) => effectiveAlertRules(service.db, service.config));

export const PUT = apiHandler("admin", async (request, { service }) => {
  const saved = await saveAlertRules(service.db, service.config, await readJson(request));
  // In force for this process's next write batch (other processes read them again within seconds).
  service.kept.alertRules.set(saved.rules);
  return saved;
});
