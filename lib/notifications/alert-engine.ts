import type { AlertRules, ProxyPulseConfig } from "../config/config-schema";
import { activeWindow } from "../maintenance/maintenance-windows";
import type { OutcomeKind } from "../classify/kinds";
import { dashboardUrl } from "../config/dashboard-url";
import type { AlertRoute, AlertState, AlertStore, AlertTransaction, RouteNames } from "../db/store/alert-store";
import type { StateChange } from "../db/store/result-store";
import type { RouteState } from "../monitoring/route-state";
import type { NotificationEvent, NotificationPayload } from "./notification-payload";
import { enqueueNotification } from "./outbox";
import { isKnownKind, kindHints } from "../i18n/kind-texts";
import { currentPairState, reconcilePairStates, toPairChange, type LocationTally, type PairChange, type PlacementSeen } from "../locations/pair-state-change";

type AlertConfig = Pick<ProxyPulseConfig, "maintenance" | "publicUrl"> & { alerts: AlertRules; minLocations?: number | undefined };

interface RouteInfo extends AlertRoute {
  /** Over its locations (a pair probed from several places). */
  state: RouteState;
  locations?: LocationTally;
}

/** Events handled per pass; the next pass takes the rest. */
const EVENTS_PER_PASS = 500;

const EVENT_FOR_STATE: Partial<Record<RouteState, NotificationEvent>> = { down: "route.down", degraded: "route.degraded", up: "route.up" };

/**
 * Decides what to say and when: route state changes (after the thresholds,
 * already applied by the state machine) with a per-route cooldown that folds
 * flapping into one summary, quota warnings, and silence during maintenance.
 * What it decides goes to the outbox; nothing here sends.
 *
 * It works from the route events stored with the results, after a cursor
 * kept in the database, and every call is one transaction: a call that
 * throws changes nothing, and the next one (each tick) takes up the same
 * events again, so an alert is late rather than lost. Calls run one after
 * another, in the order they were made.
 */
export class AlertEngine {
  /** The call in progress: its rules (read once per call: they live in the database too) and its transaction. */
  private pass: { rules: AlertConfig; tx: AlertTransaction } | null = null;
  /** The end of the last call asked for: the next one starts after it. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly placement: PlacementSeen = { fingerprint: null };

  private constructor(
    private readonly store: AlertStore,
    private readonly readConfig: () => Promise<AlertConfig>,
  ) {}

  /** The engine, its cursor set past the events already stored on its first start (they are history, not news). */
  static async start(store: AlertStore, readConfig: () => Promise<AlertConfig>): Promise<AlertEngine> {
    await store.startEventCursor();
    return new AlertEngine(store, readConfig);
  }

  private config(): AlertConfig {
    return this.current().rules;
  }

  private get alerts(): AlertTransaction["alerts"] {
    return this.current().tx.alerts;
  }

  private current(): { rules: AlertConfig; tx: AlertTransaction } {
    if (!this.pass) throw new Error("the alert engine's state was read outside a call");
    return this.pass;
  }

  /** One transaction, exclusive across processes (two never handle the same events); a throw rolls back the whole call. */
  private withRules(run: () => Promise<void>): Promise<void> {
    const call = this.queue.then(async () => {
      const rules = await this.readConfig();
      await this.store.transaction(async (tx) => {
        this.pass = { rules, tx };
        try {
          await run();
        } finally {
          this.pass = null;
        }
      });
    });
    this.queue = call.catch(() => undefined);
    return call;
  }

  /** Resolves once the calls made so far have ended (whether they failed or not). */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** Announces the route events stored since the last pass (call after results are stored). */
  processNewEvents(): Promise<void> {
    return this.withRules(() => this.handleNewEvents());
  }

  private async handleNewEvents(): Promise<void> {
    const cursor = await this.alerts.eventCursor();
    const events = await this.alerts.eventsAfter(cursor, EVENTS_PER_PASS);
    if (!events.length) return;
    // A row's change is news only as its pair's change (lib/locations): one
    // location down out of three is not the route down.
    const minLocations = this.config().minLocations ?? null;
    const changes: PairChange[] = [];
    for (const event of events) {
      const change = await toPairChange(this.alerts, event, minLocations);
      if (change !== null) changes.push(change);
    }
    await this.handleChanges(changes);
    await this.alerts.saveEventCursor(events.at(-1)!.id);
  }

  private async handleChanges(changes: PairChange[]): Promise<void> {
    for (const pairChange of changes) {
      // A pair probed from several places is down while at least minLocations
      // of them say so, and up again (announced as such) once fewer do, even
      // if one location is still down: that is "degraded", which is news only
      // if it lasts, like any other degradation.
      const change = pairChange.locations && pairChange.fromState === "down" && pairChange.toState === "degraded" ? { ...pairChange, toState: "up" as const } : pairChange;
      // Pausing silences a route and resuming starts it afresh: neither is
      // news, and what was said before the pause is not followed up (no
      // "recovered" for a route that was paused while down).
      if (change.toState === "paused") {
        await this.saveAlertState(`route:${change.routeId}`, { lastSentAt: null, suppressed: 0, level: "paused" });
        continue;
      }
      if (change.fromState === "paused") continue;
      // A blip makes a route "degraded": that is announced by tick() only if
      // it lasts, so that nobody is paged for a single failure.
      if (change.toState === "degraded") continue;
      const state = await this.alertState(`route:${change.routeId}`);
      // Up is news only to someone who was told it was not (checked first: every route's first probe is such a change).
      if (change.toState === "up" && state.level !== "down" && state.level !== "degraded") continue;
      const route = await this.route(change.routeId);
      if (!route || this.inMaintenance(route, change.at)) continue;
      const cooldownMs = this.config().alerts.cooldownMinutes * 60_000;
      if (state.lastSentAt !== null && change.at - state.lastSentAt < cooldownMs) {
        await this.saveAlertState(`route:${route.id}`, { ...state, suppressed: state.suppressed + 1 });
        continue;
      }
      await this.announceRoute({ ...route, ...(change.locations ? { locations: change.locations } : {}) }, change.toState, change.fromState, change.kind, change.at, state.suppressed, `route:${route.id}:${change.at}:${change.toState}`);
    }
  }

  /**
   * Takes up route events a failed pass left; once a cooldown is over, says
   * where a flapping route ended up (with how often it flapped); and
   * announces routes degraded for longer than `degradedAfterMinutes`.
   */
  tick(now: number): Promise<void> {
    return this.withRules(async () => {
      await this.handleNewEvents();
      await this.summarise(now);
    });
  }

  private async summarise(now: number): Promise<void> {
    const cooldownMs = this.config().alerts.cooldownMinutes * 60_000;
    // A pair's state moved by a location's presence (no row's event): its lasting degradation counts from then.
    await reconcilePairStates(this.alerts, now, this.config().minLocations ?? null, this.placement);
    await this.announceLastingDegradation(now, cooldownMs);
    for (const entry of await this.alerts.foldedRouteAlerts(now - cooldownMs)) {
      const route = await this.route(entry.routeId);
      if (!route || this.inMaintenance(route, now) || !EVENT_FOR_STATE[route.state]) continue;
      const kind = route.state === "up" ? null : await this.alerts.lastKind(route.id);
      await this.announceRoute(route, route.state, null, kind, now, entry.suppressed, `route:${route.id}:summary:${entry.lastSentAt}`);
    }
  }

  private async announceLastingDegradation(now: number, cooldownMs: number): Promise<void> {
    const since = now - this.config().alerts.degradedAfterMinutes * 60_000;
    for (const row of await this.alerts.lastingDegradations(since)) {
      const route = await this.route(row.routeId);
      const state = await this.alertState(`route:${row.routeId}`);
      if (!route || route.state !== "degraded" || this.inMaintenance(route, now)) continue;
      if (state.lastSentAt !== null && now - state.lastSentAt < cooldownMs) continue;
      await this.announceRoute(route, "degraded", null, row.kind, now, state.suppressed, `route:${row.routeId}:degraded:${row.since}`);
    }
  }

  /** quota.exhausted at once, quota.low under the threshold; each once per change of level. */
  checkQuota(now: number): Promise<void> {
    return this.withRules(() => this.checkQuotaLevels(now));
  }

  private async checkQuotaLevels(now: number): Promise<void> {
    const warnPercent = this.config().alerts.quotaWarnPercent;
    for (const row of await this.alerts.quotaReadings()) {
      const low = (left: number | null, limit: number | null) => left !== null && limit !== null && limit > 0 && (left / limit) * 100 < warnPercent;
      const level = row.exhausted ? "exhausted" : low(row.remainingRequests, row.limitRequests) || low(row.remainingTokens, row.limitTokens) ? "low" : "ok";
      const key = `quota:${row.targetId}`;
      const state = await this.alertState(key);
      if ((state.level ?? "ok") === level) continue;
      await this.saveAlertState(key, { ...state, level, lastSentAt: level === "ok" ? state.lastSentAt : now });
      if (level === "ok" || (await this.targetInMaintenance(row.targetId, now))) continue;
      const kind: OutcomeKind | null = level === "exhausted" ? "quota_exhausted" : null;
      await this.enqueue(
        {
          event: level === "exhausted" ? "quota.exhausted" : "quota.low",
          route: null,
          target: { id: row.targetId, name: row.targetName },
          kind,
          hint: kind ? kindHints(kind) : null,
          at: new Date(row.at).toISOString(),
          url: `${this.baseUrl()}/`,
          state: null,
          previousState: null,
          durationMs: null,
          flaps: 0,
          quota: { remainingRequests: row.remainingRequests, limitRequests: row.limitRequests, remainingTokens: row.remainingTokens, limitTokens: row.limitTokens },
        },
        `quota:${row.targetId}:${level}:${row.at}`,
      );
    }
  }

  private async announceRoute(route: RouteInfo, toState: RouteState, fromState: RouteState | null, kind: string | null, at: number, flaps: number, eventKey: string): Promise<void> {
    const event = EVENT_FOR_STATE[toState];
    if (!event) return;
    const previousAt = await this.alerts.previousEventAt(route.id, at);
    const hint = isKnownKind(kind) ? kindHints(kind) : null;
    await this.enqueue(
      {
        event,
        route: { id: route.id, proxyName: route.proxyName, targetName: route.targetName },
        target: { id: route.targetId, name: route.targetName },
        kind,
        hint,
        at: new Date(at).toISOString(),
        url: `${this.baseUrl()}/routes/${route.id}`,
        state: toState,
        previousState: fromState,
        durationMs: fromState && previousAt !== undefined ? at - previousAt : null,
        flaps,
        quota: null,
        ...(route.locations ? { locations: route.locations } : {}),
      },
      eventKey,
    );
    await this.saveAlertState(`route:${route.id}`, { lastSentAt: at, suppressed: 0, level: toState });
  }

  private async enqueue(payload: Omit<NotificationPayload, "id">, eventKey: string): Promise<void> {
    // Due now, whatever time the event itself carries.
    await enqueueNotification(this.current().tx.outbox, { id: eventKey, ...payload }, eventKey, Date.now());
  }

  private baseUrl(): string {
    return dashboardUrl(this.config().publicUrl);
  }

  /** A pair by its id, with its state now over its locations. */
  private async route(id: number): Promise<RouteInfo | undefined> {
    const route = await this.alerts.route(id);
    const now = route && (await currentPairState(this.alerts, id, this.config().minLocations ?? null));
    return route && now ? { ...route, ...now } : undefined;
  }

  private inMaintenance(route: RouteNames, at: number): boolean {
    return activeWindow(this.config().maintenance, route, at) !== undefined;
  }

  private async targetInMaintenance(targetId: number, at: number): Promise<boolean> {
    const routes = await this.alerts.routesOfTarget(targetId);
    return routes.length > 0 && routes.every((route) => this.inMaintenance(route, at));
  }

  private alertState(key: string): Promise<AlertState> {
    return this.alerts.readState(key);
  }

  private saveAlertState(key: string, state: AlertState): Promise<void> {
    return this.alerts.saveState(key, state);
  }
}
