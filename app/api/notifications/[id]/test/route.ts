import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { sendTestMessage } from "@/lib/notifications/manage-channels";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Send test": one message straight to this channel; answers with its delivery record (sent, or failed with the reason). */
export const POST = apiHandler<{ id: string }>("admin", async (_request, { service, params }) => {
  const id = IdParam.parse(params).id;
  service.probeCooldown.take(`notify-test:${id}`, (wait) => `A test was sent moments ago; try again in ${wait} s.`);
  const publicUrl = service.config.publicUrl ?? "http://localhost:3000";
  return { delivery: await sendTestMessage(service.db, service.store, service.box, id, publicUrl) };
});
