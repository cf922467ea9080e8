import { apiHandler, readJson } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { annotateIncident } from "@/lib/incidents/annotate-incident";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** An admin adds (or removes) a short public note on an incident. */
export const PATCH = apiHandler<{ id: string }>("admin", async (request, { service, params }) => ({
  incident: await annotateIncident(service.db, IdParam.parse(params).id, await readJson(request)),
}));
