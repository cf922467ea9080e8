import type { Sqlite } from "../../db/sqlite";
import { AgentHeartbeatInput } from "../agent-protocol";
import { log } from "../../log";
import { agentHubState } from "./agent-hub-state";
import { markAgentSeen } from "./agent-presence";
import type { AgentLocation } from "./find-agent-location";

/** Stores what an agent's heartbeat says (version, spool size, clock offset) and answers the hub's time. */
export function recordHeartbeat(sqlite: Sqlite, location: AgentLocation, input: unknown, now: number, alerts: { publicUrl: string | null; cooldownMs: number }): { serverTime: string } {
  const beat = AgentHeartbeatInput.parse(input);
  // Hub minus agent, as seen at arrival (the one-way delay is part of it: milliseconds, against a 5-minute tolerance).
  const offset = now - Date.parse(beat.sentAt);
  const clockOffsetMs = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, offset));
  sqlite.prepare(`UPDATE "Location" SET agentVersion = ?, spooled = ?, clockOffsetMs = ? WHERE id = ?`).run(beat.version, beat.spooled, clockOffsetMs, location.id);
  markAgentSeen(sqlite, location, now, alerts.publicUrl, alerts.cooldownMs);
  noteLostResults(location, beat.dropped, now);
  return { serverTime: new Date(now).toISOString() };
}

/** A location's losses are logged at most this often (with what was lost since the last line). */
const LOSS_LOG_EVERY_MS = 60_000;

/**
 * Says in the hub's log when a location's agent reports results lost (its
 * spool full, or its disk): its rows' states are then older than they look.
 * The count is the agent's over its spool file's life; the first heartbeat
 * this process hears sets the baseline.
 */
function noteLostResults(location: AgentLocation, dropped: number, now: number): void {
  const seen = agentHubState().dropped;
  const last = seen.get(location.id);
  if (!last || dropped < last.count) {
    seen.set(location.id, { count: dropped, at: 0 });
    return;
  }
  if (dropped === last.count || now - last.at < LOSS_LOG_EVERY_MS) return;
  log.warn(`probe agent at location ${location.name} lost ${dropped - last.count} result(s) (its spool is full or cannot be written; ${dropped} in all)`);
  seen.set(location.id, { count: dropped, at: now });
}
