import { answerResults } from "@/lib/agent/hub/answer-results";
import { apiHandler } from "@/lib/http/api-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A batch of a probe agent's results (bearer agent token). */
export const POST = apiHandler("public", (request, { service }) => answerResults(request, service));
