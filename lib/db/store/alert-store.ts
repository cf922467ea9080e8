import type { RouteState } from "../../monitoring/route-state";
import type { OutboxStore } from "./outbox-store";
import type { PresenceStore } from "./presence-store";

/**
 * What was last said about one thing alerts are about (AlertState, by key:
 * "route:<id>", "quota:<id>", "agent:<id>", "pair:<id>"…): the level told,
 * when, and how many changes were folded since.
 */
export interface AlertState {
  level: string | null;
  lastSentAt: number | null;
  suppressed: number;
}

/** A stored route event (a route row's state change), as the alert engine takes them up in order. */
export interface RouteEventRow {
  id: number;
  routeId: number;
  at: number;
  fromState: RouteState;
  toState: RouteState;
  kind: string | null;
}

/** A route row with the names a message shows. */
export interface AlertRoute {
  id: number;
  proxyName: string;
  targetName: string;
  targetId: number;
}

export interface RouteNames {
  proxyName: string;
  targetName: string;
}

/** A route degraded since `since` and not announced as such yet, with the kind behind the degradation. */
export interface LastingDegradation {
  routeId: number;
  since: number;
  kind: string | null;
}

/** A route whose changes were folded (cooldown) since its last message. */
export interface FoldedRouteAlert {
  routeId: number;
  lastSentAt: number;
  suppressed: number;
}

/** A target's latest quota reading. */
export interface QuotaReading {
  targetId: number;
  targetName: string;
  at: number;
  exhausted: boolean;
  remainingRequests: number | null;
  limitRequests: number | null;
  remainingTokens: number | null;
  limitTokens: number | null;
}

/** Where a route row sits in its pair (proxy × target probed from one or more locations). */
export interface PairPlacement {
  assigned: boolean;
  locationId: number;
  /** The pair's hub row (the pair's id), null when it has none. */
  pairId: number | null;
  /** The pair's other assigned rows. */
  others: number;
}

/** One of a pair's assigned rows, with its location. */
export interface PairRow {
  id: number;
  name: string;
  state: RouteState;
  /** False when the row's location is an agent gone silent. */
  online: boolean;
}

/** A pair probed from an agent's location: its state now over its rows, and the state saved for it (AlertState "pair:<id>"). */
export interface PairStateRow {
  pairId: number;
  state: RouteState;
  level: string | null;
}

/** What an alert pass reads and writes (the alert engine's, and agents' presence alerts outside a transaction). */
export interface AlertPassStore {
  readState(key: string): Promise<AlertState>;
  saveState(key: string, state: AlertState): Promise<void>;

  /** Sets the engine's cursor past the events stored so far, if it has none yet (they are history, not news). */
  startEventCursor(): Promise<void>;
  /** The id of the last route event handled. */
  eventCursor(): Promise<number>;
  saveEventCursor(eventId: number): Promise<void>;
  /** Up to `limit` route events after `cursor`, in order. */
  eventsAfter(cursor: number, limit: number): Promise<RouteEventRow[]>;
  /** When the route's last event before `before` happened. */
  previousEventAt(routeId: number, before: number): Promise<number | undefined>;

  route(id: number): Promise<AlertRoute | undefined>;
  routesOfTarget(targetId: number): Promise<RouteNames[]>;
  /** The kind of the route's last probe. */
  lastKind(routeId: number): Promise<string | null>;
  /**
   * Routes degraded since at most `since` and not told as degraded: pairs
   * probed from their hub row alone (since their state changed), and pairs
   * degraded over their locations (since AlertState "pair:<id>" says so).
   */
  lastingDegradations(since: number): Promise<LastingDegradation[]>;
  /** Routes with changes folded and their last message sent at or before `sentBy`. */
  foldedRouteAlerts(sentBy: number): Promise<FoldedRouteAlert[]>;
  quotaReadings(): Promise<QuotaReading[]>;

  pairPlacement(routeId: number): Promise<PairPlacement | undefined>;
  /** The pair's assigned rows, the hub first, then by location name. */
  pairRows(pairId: number): Promise<PairRow[]>;
  routeState(routeId: number): Promise<RouteState | undefined>;
  /** The row's state just after event `eventId`: its last event up to then, else the state its next event left from (undefined when it has neither). */
  stateAtEvent(routeId: number, eventId: number): Promise<RouteState | undefined>;
  /** Every pair probed from an agent's location. */
  pairStates(minLocations: number | null): Promise<PairStateRow[]>;
  /** Changes when what pairs' states depend on besides their rows' states changes (presence, revocation, placement). */
  placementFingerprint(): Promise<string>;
  /** Saves the pair's state (AlertState "pair:<id>"), and since when if `changedAt` is given. */
  savePairState(change: { pairId: number; state: RouteState; changedAt: number | null }): Promise<void>;
}

/** What one alert pass reads and writes, all in one transaction. */
export interface AlertTransaction {
  alerts: AlertPassStore;
  outbox: Pick<OutboxStore, "enqueue">;
  /** Agents' presence flips, announced in the same transaction. */
  presence: PresenceStore;
}

/** The Setting row holding the id of the last RouteEvent the alert engine has handled (every engine keeps it there). */
export const ALERT_CURSOR_KEY = "alerts.routeEventCursor";

export interface AlertStore extends AlertPassStore {
  /**
   * Runs `work` as one transaction, exclusive across processes (two never
   * handle the same events): all of it or nothing. `work` must await only
   * the transaction's own methods (no other I/O: SQLite runs it on the one
   * connection every writer shares, and checks this). On PostgreSQL: a
   * client of its own, BEGIN and an advisory transaction lock.
   */
  transaction<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T>;
}
