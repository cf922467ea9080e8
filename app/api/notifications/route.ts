import { apiHandler, readJson } from "@/lib/http/api-handler";
import { createChannel, listChannels } from "@/lib/notifications/manage-channels";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = apiHandler("admin", async (_request, { service }) => ({ channels: await listChannels(service.db, service.box) }));

export const POST = apiHandler("admin", async (request, { service }) =>
  Response.json({ channel: await createChannel(service.db, service.box, await readJson(request)) }, { status: 201 }),
);
