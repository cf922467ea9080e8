import { readJson } from "../../http/api-handler";
import type { MonitorService } from "../../monitoring/monitor-service";
import { takeAgentRequest } from "./agent-hub-state";
import { findAgentLocation, readAgentBody } from "./find-agent-location";
import { presenceCooldownMs } from "./presence-cooldown";
import { recordHeartbeat } from "./record-heartbeat";

const HEARTBEAT_BODY_LIMIT = 16 * 1024;

/** POST /api/agent/heartbeat: the agent's version, spool size and clock; answered with the hub's time. */
export async function answerHeartbeat(request: Request, service: MonitorService): Promise<{ serverTime: string }> {
  takeAgentRequest((await findAgentLocation(service.db, request.headers.get("authorization"))).id);
  const { location, body } = await readAgentBody(service.db, request, (sent) => readJson(sent, HEARTBEAT_BODY_LIMIT));
  return recordHeartbeat(service.store, location, body, Date.now(), { publicUrl: service.config.publicUrl ?? null, cooldownMs: presenceCooldownMs(service.kept.alertRules.current()) });
}
