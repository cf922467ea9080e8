import type { Store } from "../../db/store/store";
import { AgentHeartbeatInput } from "../agent-protocol";
import { agentHubState } from "./agent-hub-state";
import { markAgentSeen } from "./agent-presence";
import type { AgentLocation } from "./find-agent-location";
import { warnAboutLocation } from "./location-warning";

/** Stores what an agent's heartbeat says (version, spool size, clock offset) and answers the hub's time. */
export async function recordHeartbeat(store: Store, location: AgentLocation, input: unknown, now: number, alerts: { publicUrl: string | null; cooldownMs: number }): Promise<{ serverTime: string }> {
  const beat = AgentHeartbeatInput.parse(input);
  // Hub minus agent, as seen at arrival (the one-way delay is part of it: milliseconds, against a 5-minute tolerance).
  const offset = now - Date.parse(beat.sentAt);
  const clockOffsetMs = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, offset));
  await store.presence.saveHeartbeat({ locationId: location.id, version: beat.version, spooled: beat.spooled, clockOffsetMs });
  await markAgentSeen(store, location, now, alerts.publicUrl, alerts.cooldownMs);
  noteLostResults(location, beat.dropped, now);
  return { serverTime: new Date(now).toISOString() };
}

/**
 * Says in the hub's log when a location's agent reports results lost (its
 * spool full, or its disk): its rows' states are then older than they look.
 * The count is the agent's over its spool file's life; the first heartbeat
 * this process hears sets the baseline.
 */
function noteLostResults(location: AgentLocation, dropped: number, now: number): void {
  const seen = agentHubState().dropped;
  const before = seen.get(location.id);
  seen.set(location.id, dropped);
  if (before === undefined || dropped < before) return;
  warnAboutLocation("lost", location, dropped - before, now, (lost) => `probe agent at location ${location.name} lost ${lost} result(s) (its spool is full or cannot be written; ${dropped} in all)`);
}
