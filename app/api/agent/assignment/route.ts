import { answerAssignment } from "@/lib/agent/hub/answer-assignment";
import { apiHandler } from "@/lib/http/api-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A probe agent's routes (bearer agent token; long-poll with If-None-Match and ?wait=). */
export const GET = apiHandler("public", (request, { service }) => answerAssignment(request, service));
