import { readJson } from "../../http/api-handler";
import type { MonitorService } from "../../monitoring/monitor-service";
import { MAX_BATCH_BYTES } from "../agent-protocol";
import { takeAgentRequest } from "./agent-hub-state";
import { markAgentSeen } from "./agent-presence";
import { findAgentLocation } from "./find-agent-location";
import { storeAgentResults, type StoredBatch } from "./store-agent-results";

/** POST /api/agent/results: one batch of an agent's spool (≤ 500 results, ≤ 1 MiB). */
export async function answerResults(request: Request, service: MonitorService): Promise<StoredBatch> {
  const location = findAgentLocation(service.sqlite, request.headers.get("authorization"));
  takeAgentRequest(location.id);
  const body = await readJson(request, MAX_BATCH_BYTES);
  const now = Date.now();
  const stored = storeAgentResults(service.sqlite, service.writer, location, body, now);
  markAgentSeen(service.sqlite, location, now, service.config.publicUrl ?? null);
  return stored;
}
