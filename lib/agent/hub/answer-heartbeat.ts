import { readJson } from "../../http/api-handler";
import type { MonitorService } from "../../monitoring/monitor-service";
import { takeAgentRequest } from "./agent-hub-state";
import { findAgentLocation } from "./find-agent-location";
import { recordHeartbeat } from "./record-heartbeat";

const HEARTBEAT_BODY_LIMIT = 16 * 1024;

/** POST /api/agent/heartbeat: the agent's version, spool size and clock; answered with the hub's time. */
export async function answerHeartbeat(request: Request, service: MonitorService): Promise<{ serverTime: string }> {
  const location = findAgentLocation(service.sqlite, request.headers.get("authorization"));
  takeAgentRequest(location.id);
  return recordHeartbeat(service.sqlite, location, await readJson(request, HEARTBEAT_BODY_LIMIT), Date.now(), service.config.publicUrl ?? null);
}
