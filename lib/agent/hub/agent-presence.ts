import type { Sqlite } from "../../db/sqlite";
import { dashboardUrl } from "../../config/dashboard-url";
import { log } from "../../log";
import type { NotificationPayload } from "../../notifications/notification-payload";
import { enqueueNotification } from "../../notifications/outbox";
import type { AgentLocation } from "./find-agent-location";

/** Silence after which a location is offline (no heartbeat nor batch). */
export const AGENT_OFFLINE_AFTER_MS = 60_000;

type Where = Pick<AgentLocation, "id" | "name" | "region">;

/**
 * Notes that a location's agent was heard from (a heartbeat or a batch) and,
 * if it was offline, announces it online on every channel. The flip is one
 * conditional UPDATE, so two processes never both announce it.
 */
export function markAgentSeen(sqlite: Sqlite, location: Where, now: number, publicUrl: string | null): void {
  sqlite.prepare(`UPDATE "Location" SET lastSeenAt = ?, updatedAt = ? WHERE id = ?`).run(now, now, location.id);
  const flipped = sqlite.prepare(`UPDATE "Location" SET online = 1 WHERE id = ? AND online = 0`).run(location.id).changes > 0;
  if (!flipped) return;
  log.info(`probe agent at location ${location.name} is online`);
  announce(sqlite, "agent.online", location, now, null, `agent:${location.id}:online:${now}`, publicUrl);
}

export interface SilenceRule {
  /** Silence after which a location is offline. */
  offlineAfterMs: number;
  /**
   * Since when this process can hear agents (its start). While the hub itself
   * was down no agent could reach it: that silence is the hub's, so each
   * agent gets `offlineAfterMs` from here to be heard before it is called
   * offline (else every restart after an outage longer than that announced
   * every agent offline, then online again).
   */
  listeningSince: number;
}

/** Marks offline (and announces) every online agent location silent for `offlineAfterMs` (counted from `listeningSince` at the earliest). */
export function markSilentAgentsOffline(sqlite: Sqlite, now: number, publicUrl: string | null, rule: SilenceRule): number {
  const { offlineAfterMs } = rule;
  if (now - rule.listeningSince < offlineAfterMs) return 0;
  const silent = sqlite
    .prepare(`SELECT id, name, region, lastSeenAt FROM "Location" WHERE kind = 'agent' AND online = 1 AND (lastSeenAt IS NULL OR lastSeenAt < ?)`)
    .all(now - offlineAfterMs) as Array<Where & { lastSeenAt: number | null }>;
  let marked = 0;
  for (const location of silent) {
    if (sqlite.prepare(`UPDATE "Location" SET online = 0 WHERE id = ? AND online = 1`).run(location.id).changes === 0) continue;
    marked++;
    log.warn(`probe agent at location ${location.name} is offline (silent for more than ${Math.round(offlineAfterMs / 1000)} s)`);
    const silentMs = location.lastSeenAt === null ? null : now - location.lastSeenAt;
    announce(sqlite, "agent.offline", location, now, silentMs, `agent:${location.id}:offline:${location.lastSeenAt ?? 0}`, publicUrl);
  }
  return marked;
}

function announce(sqlite: Sqlite, event: "agent.online" | "agent.offline", location: Where, now: number, durationMs: number | null, eventKey: string, publicUrl: string | null): void {
  const payload: NotificationPayload = {
    id: eventKey,
    event,
    route: null,
    target: null,
    location: { id: location.id, name: location.name, region: location.region },
    kind: null,
    hint: null,
    at: new Date(now).toISOString(),
    url: `${dashboardUrl(publicUrl)}/locations`,
    state: null,
    previousState: null,
    durationMs,
    flaps: 0,
    quota: null,
  };
  enqueueNotification(sqlite, payload, eventKey, now);
}
