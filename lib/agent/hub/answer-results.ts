import { parseJsonBody } from "../../http/api-handler";
import { readBodyText } from "../../http/read-body";
import type { MonitorService } from "../../monitoring/monitor-service";
import { MAX_BATCH_BYTES, MAX_RESULTS_PER_BATCH } from "../agent-protocol";
import { takeAgentRequest, takeAgentResults } from "./agent-hub-state";
import { markAgentSeen } from "./agent-presence";
import { findAgentLocation, readAgentBody } from "./find-agent-location";
import { presenceCooldownMs } from "./presence-cooldown";
import { storeAgentResults, type StoredBatch } from "./store-agent-results";

/** A batch's bytes weigh one result per KiB against the location's results bucket (an agent's result is ~0.5 to 2 KiB of JSON). */
const BYTES_PER_RESULT_TOKEN = 1024;

/** POST /api/agent/results: one batch of an agent's spool (≤ 500 results, ≤ 1 MiB). */
export async function answerResults(request: Request, service: MonitorService): Promise<StoredBatch> {
  takeAgentRequest((await findAgentLocation(service.db, request.headers.get("authorization"))).id);
  const { location, body: text } = await readAgentBody(service.db, request, (sent) => readBodyText(sent, MAX_BATCH_BYTES));
  // Weighed before it is parsed, by its bytes (parsing is work whatever the
  // body claims), then by its results beyond that (storing each is work).
  const byBytes = Math.ceil(Buffer.byteLength(text) / BYTES_PER_RESULT_TOKEN);
  takeAgentResults(location.id, byBytes);
  const body = parseJsonBody(text);
  const more = resultCount(body) - byBytes;
  if (more > 0) takeAgentResults(location.id, more);
  const now = Date.now();
  // Heard from before its results are judged: an agent back from an outage
  // replays its spool, and the state changes in it (the outage may have taken
  // the route down) are weighed as its pair's only while its location is
  // online (lib/locations/pair-state-change.ts), which storing does at once.
  await markAgentSeen(service.store, location, now, service.config.publicUrl ?? null, presenceCooldownMs(service.kept.alertRules.current()));
  return storeAgentResults(service.db, service.writer, location, body, now);
}

/** How many results a body claims to carry (the schema checks them next; a batch over the bound counts as the bound). */
function resultCount(body: unknown): number {
  const results = (body as { results?: unknown } | null)?.results;
  return Array.isArray(results) ? Math.min(results.length, MAX_RESULTS_PER_BATCH) : 1;
}
