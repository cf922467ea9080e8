import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { deleteChannel } from "@/lib/notifications/manage-channels";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => deleteChannel(service.db, IdParam.parse(params).id));
