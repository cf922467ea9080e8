import { apiHandler, readJson } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { deleteChannel, updateChannel } from "@/lib/notifications/manage-channels";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => deleteChannel(service.db, IdParam.parse(params).id));

/** Rename, switch language, turn on or off, or replace settings (omitted secrets are kept). */
export const PATCH = apiHandler<{ id: string }>("admin", async (request, { service, params }) => ({
  channel: await updateChannel(service.db, service.box, IdParam.parse(params).id, await readJson(request)),
}));
