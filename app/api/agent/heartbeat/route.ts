import { answerHeartbeat } from "@/lib/agent/hub/answer-heartbeat";
import { apiHandler } from "@/lib/http/api-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A probe agent's heartbeat (bearer agent token). */
export const POST = apiHandler("public", (request, { service }) => answerHeartbeat(request, service));
