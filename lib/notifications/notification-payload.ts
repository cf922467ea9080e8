import type { RouteState } from "../monitoring/route-state";

/** agent.offline / agent.online: a probe agent's location went silent (no heartbeat nor batch for a minute) or came back. */
export type NotificationEvent = "route.down" | "route.degraded" | "route.up" | "quota.low" | "quota.exhausted" | "agent.offline" | "agent.online" | "test";

/** The facts of one notification: the generic webhook's JSON body, and what every message is written from. */
export interface NotificationPayload {
  id: string;
  event: NotificationEvent;
  route: { id: number; proxyName: string; targetName: string } | null;
  target: { id: number; name: string } | null;
  kind: string | null;
  hint: { en: string; zh: string } | null;
  at: string;
  url: string;
  state: RouteState | null;
  previousState: RouteState | null;
  /** How long the route had been in its previous state. */
  durationMs: number | null;
  /** State changes held back by the cooldown since the last message about this route. */
  flaps: number;
  quota: { remainingRequests: number | null; limitRequests: number | null; remainingTokens: number | null; limitTokens: number | null } | null;
  /** The probe agent's location an agent.* event is about (absent on other events). */
  location?: { id: number; name: string; region: string | null } | null;
  /** A route probed from several locations: the ones that say down, out of how many probe it (absent with one location). */
  locations?: { down: string[]; total: number };
}
