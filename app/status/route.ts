import { apiHandler } from "@/lib/http/api-handler";
import { StatusPageResponder } from "@/lib/status/status-page-responder";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const responder = new StatusPageResponder();

/** The public ops status page: one HTML document, readable without JavaScript, safe to share (cached briefly, rate-limited). */
export const GET = apiHandler("public", async (request, { service }) => responder.respond(request, service));
