import type { Db } from "../../db/client";
import type { ResultToRecord } from "../../db/store/result-store";
import { AppError, ValidationError } from "../../http/app-error";
import type { ResultWriter } from "../../monitoring/result-writer";
import type { ProbeResult } from "../../probe/run-probe";
import { AgentResultsInput } from "../agent-protocol";
import type { AgentLocation } from "./find-agent-location";
import { warnAboutLocation } from "./location-warning";

/** How far an agent's result may lie behind or ahead of the hub's clock (corrected by the agent's offset). */
export const MAX_RESULT_AGE_MS = 24 * 3600_000;
export const MAX_RESULT_AHEAD_MS = 5 * 60_000;

export interface StoredBatch {
  stored: number;
  duplicates: number;
  lastSeq: number;
  /** Results left out for a time more than a day behind or 5 minutes ahead (corrected by the agent's offset). */
  outOfTime: number;
}

/**
 * Stores one batch of an agent's results through the hub's own result path
 * (state, rollups, incidents, alerts, summaries). The whole batch is refused
 * (nothing stored) when any result is invalid or names a route that is not
 * assigned to the token's location. A result whose time is out of bounds is
 * left out alone, counted: its neighbours are good (a clock stepped on the
 * agent, an offset not known yet), and refusing the batch made the agent
 * drop all 500. The stream's position and the results
 * are written in one transaction: results at or below the stream's last
 * sequence number were stored before (a replay after a lost answer) and are
 * skipped, counted as duplicates.
 */
export async function storeAgentResults(prisma: Db, writer: ResultWriter, location: AgentLocation, input: unknown, now: number = Date.now()): Promise<StoredBatch> {
  const batch = AgentResultsInput.parse(input);
  const seen = new Set<number>();
  const offset = location.clockOffsetMs ?? 0;
  const outOfTime = new Set<number>();
  batch.results.forEach((entry, index) => {
    if (seen.has(entry.seq)) throw new ValidationError(`results[${index}].seq ${entry.seq} appears twice in the batch`);
    seen.add(entry.seq);
    const at = Date.parse(entry.result.startedAt) + offset;
    if (at < now - MAX_RESULT_AGE_MS || at > now + MAX_RESULT_AHEAD_MS) outOfTime.add(entry.seq);
  });
  const targets = await assignedTargets(prisma, location.id, [...new Set(batch.results.map((entry) => entry.routeId))]);
  const foreign = [...new Set(batch.results.map((entry) => entry.routeId))].filter((id) => !targets.has(id));
  if (foreign.length) {
    throw new AppError(
      "route_not_assigned",
      `Route${foreign.length === 1 ? "" : "s"} ${foreign.join(", ")} ${foreign.length === 1 ? "is" : "are"} not assigned to location ${location.name}: nothing in this batch was stored.`,
      403,
      { routeIds: foreign },
    );
  }
  // On the hub's clock (as its own probes), so a route's history reads in one time line whatever the agent's clock says.
  const toRecord = (entry: (typeof batch.results)[number]): ResultToRecord => ({
    routeId: entry.routeId,
    targetId: targets.get(entry.routeId)!,
    result: asProbeResult({ ...entry.result, startedAt: new Date(Date.parse(entry.result.startedAt) + offset).toISOString() }),
  });
  const ordered = [...batch.results].sort((a, b) => a.seq - b.seq);
  const { before, lastSeq, stored } = await writer.storeStream({
    locationId: location.id,
    streamId: batch.streamId,
    seqs: ordered.map((entry) => entry.seq),
    results: ordered.filter((entry) => !outOfTime.has(entry.seq)).map((entry) => ({ seq: entry.seq, item: toRecord(entry) })),
    now,
  });
  const late = [...outOfTime].filter((seq) => seq > before).length;
  warnAboutLocation(
    "out-of-time",
    location,
    late,
    now,
    (count) => `probe agent at location ${location.name}: left out ${count} result(s) timed more than a day ago or more than 5 minutes ahead (by the hub's clock, with the agent's offset of ${offset} ms): is the agent's clock right?`,
  );
  return { stored: stored.length, duplicates: batch.results.length - stored.length - late, lastSeq, outOfTime: late };
}

/** The routes among `routeIds` assigned to the location, with their target. */
async function assignedTargets(prisma: Db, locationId: number, routeIds: number[]): Promise<Map<number, number>> {
  const rows = await prisma.route.findMany({ where: { locationId, assigned: true, id: { in: routeIds } }, select: { id: true, targetId: true } });
  return new Map(rows.map((row) => [row.id, row.targetId]));
}

/** A validated agent result is a ProbeResult (the schema mirrors it field for field). */
function asProbeResult(result: AgentResultsInput["results"][number]["result"]): ProbeResult {
  return result as ProbeResult;
}
