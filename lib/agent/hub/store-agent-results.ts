import type { Sqlite } from "../../db/sqlite";
import { AppError, ValidationError } from "../../http/app-error";
import type { ResultToRecord } from "../../monitoring/record-results";
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
export function storeAgentResults(sqlite: Sqlite, writer: ResultWriter, location: AgentLocation, input: unknown, now: number = Date.now()): StoredBatch {
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
  const targets = assignedTargets(sqlite, location.id, [...new Set(batch.results.map((entry) => entry.routeId))]);
  const foreign = [...new Set(batch.results.map((entry) => entry.routeId))].filter((id) => !targets.has(id));
  if (foreign.length) {
    throw new AppError(
      "route_not_assigned",
      `Route${foreign.length === 1 ? "" : "s"} ${foreign.join(", ")} ${foreign.length === 1 ? "is" : "are"} not assigned to location ${location.name}: nothing in this batch was stored.`,
      403,
      { routeIds: foreign },
    );
  }
  const ordered = [...batch.results].sort((a, b) => a.seq - b.seq);
  let lastSeq = 0;
  let late = 0;
  const { items } = writer.storeNow(() => {
    const row = sqlite.prepare(`SELECT lastSeq FROM "AgentStream" WHERE locationId = ? AND streamId = ?`).get(location.id, batch.streamId) as { lastSeq: number } | undefined;
    const before = Number(row?.lastSeq ?? 0);
    const unseen = ordered.filter((entry) => entry.seq > before);
    const fresh = unseen.filter((entry) => !outOfTime.has(entry.seq));
    late = unseen.length - fresh.length;
    lastSeq = Math.max(before, ...ordered.map((entry) => entry.seq));
    sqlite
      .prepare(`INSERT INTO "AgentStream" (locationId, streamId, lastSeq, updatedAt) VALUES (?, ?, ?, ?) ON CONFLICT (locationId, streamId) DO UPDATE SET lastSeq = excluded.lastSeq, updatedAt = excluded.updatedAt`)
      .run(location.id, batch.streamId, lastSeq, now);
    // On the hub's clock (as its own probes), so a route's history reads in one time line whatever the agent's clock says.
    return fresh.map((entry): ResultToRecord => ({
      routeId: entry.routeId,
      targetId: targets.get(entry.routeId)!,
      result: asProbeResult({ ...entry.result, startedAt: new Date(Date.parse(entry.result.startedAt) + offset).toISOString() }),
    }));
  });
  warnAboutLocation(
    "out-of-time",
    location,
    late,
    now,
    (count) => `probe agent at location ${location.name}: left out ${count} result(s) timed more than a day ago or more than 5 minutes ahead (by the hub's clock, with the agent's offset of ${offset} ms): is the agent's clock right?`,
  );
  return { stored: items.length, duplicates: batch.results.length - items.length - late, lastSeq, outOfTime: late };
}

/** The routes among `routeIds` assigned to the location, with their target. */
function assignedTargets(sqlite: Sqlite, locationId: number, routeIds: number[]): Map<number, number> {
  const found = new Map<number, number>();
  // In slices: SQLite bounds the number of parameters of one statement.
  for (let start = 0; start < routeIds.length; start += 500) {
    const slice = routeIds.slice(start, start + 500);
    const rows = sqlite
      .prepare(`SELECT id, targetId FROM "Route" WHERE locationId = ? AND assigned = 1 AND id IN (${slice.map(() => "?").join(", ")})`)
      .all(locationId, ...slice) as Array<{ id: number; targetId: number }>;
    for (const row of rows) found.set(row.id, row.targetId);
  }
  return found;
}

/** A validated agent result is a ProbeResult (the schema mirrors it field for field). */
function asProbeResult(result: AgentResultsInput["results"][number]["result"]): ProbeResult {
  return result as ProbeResult;
}
