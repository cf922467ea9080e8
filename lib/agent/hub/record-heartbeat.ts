import type { Sqlite } from "../../db/sqlite";
import { AgentHeartbeatInput } from "../agent-protocol";
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
  return { serverTime: new Date(now).toISOString() };
}
