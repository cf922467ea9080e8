import type { AlertTransaction } from "../../db/store/alert-store";
import type { FoldedPresence, PresenceLocation } from "../../db/store/presence-store";
import type { Store } from "../../db/store/store";
import { dashboardUrl } from "../../config/dashboard-url";
import { log } from "../../log";
import type { NotificationPayload } from "../../notifications/notification-payload";
import { enqueueNotification } from "../../notifications/outbox";

/** Silence after which a location is offline (no heartbeat nor batch). */
export const AGENT_OFFLINE_AFTER_MS = 60_000;

type Where = PresenceLocation;

/**
 * Notes that a location's agent was heard from (a heartbeat or a batch) and,
 * if it was offline, announces it online on every channel (folded within
 * `cooldownMs` of the location's last announcement: see announcePresence).
 * The flip is one conditional UPDATE, so two processes never both announce it.
 */
export async function markAgentSeen(store: Store, location: Where, now: number, publicUrl: string | null, cooldownMs = 0): Promise<void> {
  const flipped = await store.presence.markSeen(location.id, now);
  if (!flipped) return;
  log.info(`probe agent at location ${location.name} is online`);
  await store.alerts.transaction((tx) => announcePresence(tx, "agent.online", location, now, null, `agent:${location.id}:online:${now}`, { publicUrl, cooldownMs }));
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
export async function markSilentAgentsOffline(store: Store, now: number, publicUrl: string | null, rule: SilenceRule): Promise<number> {
  const { offlineAfterMs } = rule;
  const alerts = { publicUrl, cooldownMs: rule.cooldownMs ?? 0 };
  await settleFoldedPresence(store, now, alerts);
  if (now - rule.listeningSince < offlineAfterMs) return 0;
  let marked = 0;
  for (const location of await store.presence.silentLocations(now - offlineAfterMs)) {
    // The flip and its announcement together: one that cannot be announced is flipped again at the next look.
    const flipped = await store.alerts.transaction(async (tx) => {
      if (!(await tx.presence.markOffline(location.id))) return false;
      const silentMs = location.lastSeenAt === null ? null : now - location.lastSeenAt;
      await announcePresence(tx, "agent.offline", location, now, silentMs, `agent:${location.id}:offline:${location.lastSeenAt ?? 0}`, alerts);
      return true;
    });
    if (!flipped) continue;
    marked++;
    log.warn(`probe agent at location ${location.name} is offline (silent for more than ${Math.round(offlineAfterMs / 1000)} s)`);
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
async function announcePresence(tx: AlertTransaction, event: PresenceEvent, location: Where, now: number, durationMs: number | null, eventKey: string, alerts: PresenceAlerts): Promise<void> {
  const key = `agent:${location.id}`;
  const told = await tx.alerts.readState(key);
  const news =
    event === "agent.offline"
      ? !withinCooldown((await tx.alerts.readState(`${key}:offline`)).lastSentAt, now, alerts.cooldownMs)
      : told.level === null || told.level === "agent.offline";
  if (!news) {
    await tx.alerts.saveState(key, { ...told, suppressed: told.suppressed + 1 });
    return;
  }
  await tell(tx, event, location, now, durationMs, eventKey, alerts.publicUrl, told.suppressed);
}

function withinCooldown(lastSentAt: number | null, now: number, cooldownMs: number): boolean {
  return lastSentAt !== null && now - lastSentAt < cooldownMs;
}

/** Announces the presence and remembers it as told. */
async function tell(tx: AlertTransaction, event: PresenceEvent, location: Where, now: number, durationMs: number | null, eventKey: string, publicUrl: string | null, flaps: number): Promise<void> {
  const key = `agent:${location.id}`;
  await announce(tx, event, location, now, durationMs, eventKey, publicUrl, flaps);
  await tx.alerts.saveState(key, { level: event, lastSentAt: now, suppressed: 0 });
  if (event === "agent.offline") await tx.alerts.saveState(`${key}:offline`, { level: event, lastSentAt: now, suppressed: 0 });
}

/** Locations whose flips were folded and whose cooldown is over: their presence now, if it is not the one last told. */
async function settleFoldedPresence(store: Store, now: number, alerts: PresenceAlerts): Promise<void> {
  // Looked at first outside a transaction: most looks find nothing to write.
  if ((await store.presence.foldedPresence(now - alerts.cooldownMs)).length === 0) return;
  await store.alerts.transaction(async (tx) => {
    for (const location of await tx.presence.foldedPresence(now - alerts.cooldownMs)) await settleFolded(tx, location, now, alerts);
  });
}

async function settleFolded(tx: AlertTransaction, location: FoldedPresence, now: number, alerts: PresenceAlerts): Promise<void> {
  const key = `agent:${location.id}`;
  const event: PresenceEvent = location.online ? "agent.online" : "agent.offline";
  if (event === location.level || withinCooldown(event === "agent.offline" ? (await tx.alerts.readState(`${key}:offline`)).lastSentAt : null, now, alerts.cooldownMs)) {
    // Ended where it was last told (nothing new to say), or its offline was told too lately to be told again yet.
    if (event === location.level) await tx.alerts.saveState(key, { level: location.level, lastSentAt: location.lastSentAt, suppressed: 0 });
    return;
  }
  const silentMs = !location.online && location.lastSeenAt !== null ? now - location.lastSeenAt : null;
  await tell(tx, event, location, now, silentMs, `${key}:${location.online ? "online" : "offline"}:summary:${location.lastSentAt}`, alerts.publicUrl, location.suppressed);
}

function announce(tx: AlertTransaction, event: PresenceEvent, location: Where, now: number, durationMs: number | null, eventKey: string, publicUrl: string | null, flaps: number): Promise<number> {
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
  return enqueueNotification(tx.outbox, payload, eventKey, now);
}
