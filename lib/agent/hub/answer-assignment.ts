import * as z from "zod";
import { searchParamsOf } from "../../http/query-params";
import type { MonitorService } from "../../monitoring/monitor-service";
import { MAX_ASSIGNMENT_WAIT_S } from "../agent-protocol";
import { takeAgentRequest } from "./agent-hub-state";
import { assignmentSignature } from "./assignment-signature";
import { buildAssignment, type BuiltAssignment } from "./build-assignment";
import { findAgentLocation } from "./find-agent-location";
import { waitForAssignment } from "./wait-for-assignment";

const AssignmentQuery = z
  .object({ wait: z.coerce.number({ message: "wait must be a number of seconds" }).int("wait must be whole seconds").min(0).max(MAX_ASSIGNMENT_WAIT_S, `wait must be at most ${MAX_ASSIGNMENT_WAIT_S} s`).default(0) })
  .strict();

/** GET /api/agent/assignment: the location's routes (200 with an ETag), or 304 once a held request's wait ends unchanged. */
export async function answerAssignment(request: Request, service: MonitorService): Promise<Response> {
  const location = await findAgentLocation(service.db, request.headers.get("authorization"));
  takeAgentRequest(location.id);
  const { wait } = AssignmentQuery.parse(searchParamsOf(request));
  let built: { signature: string; assignment: Promise<BuiltAssignment> } | null = null;
  const build = async () => {
    // Again on every look: a token revoked while the request is held ends it with 401.
    const still = await findAgentLocation(service.db, request.headers.get("authorization"));
    // Built again only when what it is made of changed (the looks are every second).
    const signature = `${await assignmentSignature(service.db, still.id)}:${still.name}:${still.region ?? ""}`;
    if (built?.signature !== signature) built = { signature, assignment: buildAssignment(service.db, service.box, service.environment, service.config, still) };
    return built.assignment;
  };
  const answer = await waitForAssignment(build, { locationId: location.id, ifNoneMatch: request.headers.get("if-none-match"), waitMs: wait * 1000, signal: request.signal });
  if (answer === "unchanged") return new Response(null, { status: 304, headers: { etag: request.headers.get("if-none-match") ?? "", "cache-control": "no-store" } });
  return Response.json(answer.body, { headers: { etag: answer.etag, "cache-control": "no-store" } });
}
