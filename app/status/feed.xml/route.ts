import { apiHandler } from "@/lib/http/api-handler";
import { StatusPageResponder } from "@/lib/status/status-page-responder";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const responder = new StatusPageResponder();

/** The status page's incidents as an Atom feed: public, the same facts as /status, cached briefly, rate-limited. */
export const GET = apiHandler("public", async (request, { service }) => responder.respondFeed(request, service));
