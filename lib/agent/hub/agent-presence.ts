import { prepared } from "../../db/prepared";
import type { Sqlite } from "../../db/sqlite";
import { dashboardUrl } from "../../config/dashboard-url";
import { log } from "../../log";
import type { NotificationPayload } from "../../notifications/notification-payload";
import { readAlertState, saveAlertState, type AlertState } from "../../notifications/alert-state";
import { enqueueNotification } from "../../notifications/outbox";
import type { AgentLocation } from "./find-agent-location";

/** Silence after which a location is offline (no heartbeat nor batch). */
export const AGENT_OFFLINE_AFTER_MS = 60_000;

type Where = Pick<AgentLocation, "id" | "name" | "region">;

/**
 * Notes that a location's agent was heard from (a heartbeat or a batch) and,
 * if it was offline, announces it online on every channel (folded within
 * `cooldownMs` of the location's last announcement: see announcePresence).
 * The flip is one conditional UPDATE, so two processes never both announce it.
 */
export function markAgentSeen(sqlite: Sqlite, location: Where, now: number, publicUrl: string | null, cooldownMs = 0): void {
  // Per heartbeat and batch: statements prepared once.
  prepared(sqlite, `UPDATE "Location" SET lastSeenAt = ?, updatedAt = ? WHERE id = ?`).run(now, now, location.id);
  const flipped = prepared(sqlite, `UPDATE "Location" SET online = 1 WHERE id = ? AND online = 0`).run(location.id).changes > 0;
  if (!flipped) return;
  log.info(`probe agent at location ${location.name} is online`);
  announcePresence(sqlite, "agent.online", location, now, null, `agent:${location.id}:online:${now}`, { publicUrl, cooldownMs });
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
  /** The alert rules' cooldown: presence flips within it of the location's last announcement are folded (0: each is announced). */
  cooldownMs?: number;
}

/**
 * Marks offline (and announces) every online agent location silent for
 * `offlineAfterMs` (counted from `listeningSince` at the earliest), and
 * announces where a flapping location ended once its cooldown is over.
 */
export function markSilentAgentsOffline(sqlite: Sqlite, now: number, publicUrl: string | null, rule: SilenceRule): number {
  const { offlineAfterMs } = rule;
  const alerts = { publicUrl, cooldownMs: rule.cooldownMs ?? 0 };
  settleFoldedPresence(sqlite, now, alerts);
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
    announcePresence(sqlite, "agent.offline", location, now, silentMs, `agent:${location.id}:offline:${location.lastSeenAt ?? 0}`, alerts);
  }
  return marked;
}

type PresenceEvent = "agent.online" | "agent.offline";

interface PresenceAlerts {
  publicUrl: string | null;
  cooldownMs: number;
}


/**
 * A location's presence flip, told as route alerts tell a route's state, so
 * that an agent on a flaky link does not page on every drop:
 * - offline is announced unless an offline was announced for the location
 *   within the cooldown (then folded and counted);
 * - online is announced when it is news: the agent's first connection, or
 *   the recovery of an offline that was told; otherwise folded;
 * - once the cooldown after the last announcement is over, a location whose
 *   flips were folded is announced where it ended, if that is not what was
 *   last told, with how often it flipped (settleFoldedPresence).
 * Kept in AlertState "agent:<id>" (the presence last told, when, flips
 * folded since) and "agent:<id>:offline" (when an offline was last told).
 */
function announcePresence(sqlite: Sqlite, event: PresenceEvent, location: Where, now: number, durationMs: number | null, eventKey: string, alerts: PresenceAlerts): void {
  const key = `agent:${location.id}`;
  const told = readAlertState(sqlite, key);
  const news =
    event === "agent.offline"
      ? !withinCooldown(readAlertState(sqlite, `${key}:offline`).lastSentAt, now, alerts.cooldownMs)
      : told.level === null || told.level === "agent.offline";
  if (!news) {
    saveAlertState(sqlite, key, { ...told, suppressed: told.suppressed + 1 });
    return;
  }
  tell(sqlite, event, location, now, durationMs, eventKey, alerts.publicUrl, told.suppressed);
}

function withinCooldown(lastSentAt: number | null, now: number, cooldownMs: number): boolean {
  return lastSentAt !== null && now - lastSentAt < cooldownMs;
}

/** Announces the presence and remembers it as told. */
function tell(sqlite: Sqlite, event: PresenceEvent, location: Where, now: number, durationMs: number | null, eventKey: string, publicUrl: string | null, flaps: number): void {
  const key = `agent:${location.id}`;
  announce(sqlite, event, location, now, durationMs, eventKey, publicUrl, flaps);
  saveAlertState(sqlite, key, { level: event, lastSentAt: now, suppressed: 0 });
  if (event === "agent.offline") saveAlertState(sqlite, `${key}:offline`, { level: event, lastSentAt: now, suppressed: 0 });
}

/** Locations whose flips were folded and whose cooldown is over: their presence now, if it is not the one last told. */
function settleFoldedPresence(sqlite: Sqlite, now: number, alerts: PresenceAlerts): void {
  const folded = sqlite
    .prepare(
      `SELECT l.id, l.name, l.region, l.online, l.lastSeenAt, a.level, a.lastSentAt, a.suppressed FROM "AlertState" a JOIN "Location" l ON a.key = 'agent:' || l.id
        WHERE a.key LIKE 'agent:%' AND a.suppressed > 0 AND a.lastSentAt <= ? AND l.kind = 'agent' AND l.revokedAt IS NULL`,
    )
    .all(now - alerts.cooldownMs) as Array<Where & { online: number; lastSeenAt: number | null } & AlertState & { lastSentAt: number }>;
  for (const location of folded) {
    const key = `agent:${location.id}`;
    const event: PresenceEvent = location.online ? "agent.online" : "agent.offline";
    if (event === location.level || withinCooldown(event === "agent.offline" ? readAlertState(sqlite, `${key}:offline`).lastSentAt : null, now, alerts.cooldownMs)) {
      // Ended where it was last told (nothing new to say), or its offline was told too lately to be told again yet.
      if (event === location.level) saveAlertState(sqlite, key, { level: location.level, lastSentAt: location.lastSentAt, suppressed: 0 });
      continue;
    }
    const silentMs = !location.online && location.lastSeenAt !== null ? now - location.lastSeenAt : null;
    tell(sqlite, event, location, now, silentMs, `${key}:${location.online ? "online" : "offline"}:summary:${location.lastSentAt}`, alerts.publicUrl, location.suppressed);
  }
}

function announce(sqlite: Sqlite, event: PresenceEvent, location: Where, now: number, durationMs: number | null, eventKey: string, publicUrl: string | null, flaps: number): void {
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
    flaps,
    quota: null,
  };
  enqueueNotification(sqlite, payload, eventKey, now);
}
