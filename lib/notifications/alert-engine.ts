import type { AlertRules, ProxyPulseConfig } from "../config/config-schema";
import { activeWindow } from "../maintenance/maintenance-windows";
import type { OutcomeKind } from "../classify/kinds";
import { dashboardUrl } from "../config/dashboard-url";
import { prepared } from "../db/prepared";
import type { Sqlite } from "../db/sqlite";
import type { StateChange } from "../db/store/result-store";
import type { RouteState } from "../monitoring/route-state";
import type { NotificationEvent, NotificationPayload } from "./notification-payload";
import { readAlertState, saveAlertState, type AlertState } from "./alert-state";
import { enqueueNotification } from "./outbox";
import { isKnownKind, kindHints } from "../i18n/kind-texts";
import { currentPairState, reconcilePairStates, toPairChange, type LocationTally, type PairChange } from "../locations/pair-state-change";

type AlertConfig = Pick<ProxyPulseConfig, "maintenance" | "publicUrl"> & { alerts: AlertRules; minLocations?: number | undefined };

interface RouteInfo {
  id: number;
  proxyName: string;
  targetName: string;
  targetId: number;
  /** Over its locations (a pair probed from several places). */
  state: RouteState;
  locations?: LocationTally;
}

/** The Setting row holding the id of the last RouteEvent the engine has handled. */
const CURSOR_KEY = "alerts.routeEventCursor";
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
 * events again, so an alert is late rather than lost.
 */
export class AlertEngine {
  /** The rules for the call in progress: read once per call (they live in the database too). */
  private rules: AlertConfig | null = null;

  constructor(
    private readonly db: Sqlite,
    private readonly readConfig: () => AlertConfig,
  ) {
    // On the first start with this engine, the events already stored are history, not news.
    db.prepare(`INSERT OR IGNORE INTO "Setting" (key, value) SELECT ?, CAST(COALESCE(MAX(id), 0) AS TEXT) FROM "RouteEvent"`).run(CURSOR_KEY);
  }

  private config(): AlertConfig {
    return this.rules ?? this.readConfig();
  }

  /** Immediate: two processes never handle the same events, and a throw rolls back the whole call. */
  private withRules<T>(run: () => T): T {
    this.rules = this.readConfig();
    try {
      return this.db.transaction(run).immediate();
    } finally {
      this.rules = null;
    }
  }

  /** Announces the route events stored since the last pass (call after results are stored). */
  processNewEvents(): void {
    this.withRules(() => this.handleNewEvents());
  }

  private handleNewEvents(): void {
    const cursor = Number((prepared(this.db, `SELECT value FROM "Setting" WHERE key = ?`).get(CURSOR_KEY) as { value: string } | undefined)?.value ?? 0);
    const events = prepared(this.db, `SELECT id, routeId, at, fromState, toState, kind FROM "RouteEvent" WHERE id > ? ORDER BY id LIMIT ?`)
      .all(cursor, EVENTS_PER_PASS) as Array<StateChange & { id: number }>;
    if (!events.length) return;
    // A row's change is news only as its pair's change (lib/locations): one
    // location down out of three is not the route down.
    const minLocations = this.config().minLocations ?? null;
    this.handleChanges(events.map((event) => toPairChange(this.db, event, minLocations)).filter((change): change is PairChange => change !== null));
    prepared(this.db, `INSERT OR REPLACE INTO "Setting" (key, value) VALUES (?, ?)`).run(CURSOR_KEY, String(events.at(-1)!.id));
  }

  private handleChanges(changes: PairChange[]): void {
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
        this.saveAlertState(`route:${change.routeId}`, { lastSentAt: null, suppressed: 0, level: "paused" });
        continue;
      }
      if (change.fromState === "paused") continue;
      // A blip makes a route "degraded": that is announced by tick() only if
      // it lasts, so that nobody is paged for a single failure.
      if (change.toState === "degraded") continue;
      const state = this.alertState(`route:${change.routeId}`);
      // Up is news only to someone who was told it was not (checked first: every route's first probe is such a change).
      if (change.toState === "up" && state.level !== "down" && state.level !== "degraded") continue;
      const route = this.route(change.routeId);
      if (!route || this.inMaintenance(route, change.at)) continue;
      const cooldownMs = this.config().alerts.cooldownMinutes * 60_000;
      if (state.lastSentAt !== null && change.at - state.lastSentAt < cooldownMs) {
        this.saveAlertState(`route:${route.id}`, { ...state, suppressed: state.suppressed + 1 });
        continue;
      }
      this.announceRoute({ ...route, ...(change.locations ? { locations: change.locations } : {}) }, change.toState, change.fromState, change.kind, change.at, state.suppressed, `route:${route.id}:${change.at}:${change.toState}`);
    }
  }

  /**
   * Takes up route events a failed pass left; once a cooldown is over, says
   * where a flapping route ended up (with how often it flapped); and
   * announces routes degraded for longer than `degradedAfterMinutes`.
   */
  tick(now: number): void {
    this.withRules(() => {
      this.handleNewEvents();
      this.summarise(now);
    });
  }

  private summarise(now: number): void {
    const cooldownMs = this.config().alerts.cooldownMinutes * 60_000;
    // A pair's state moved by a location's presence (no row's event): its lasting degradation counts from then.
    reconcilePairStates(this.db, now, this.config().minLocations ?? null);
    this.announceLastingDegradation(now, cooldownMs);
    const pending = prepared(this.db, `SELECT key, lastSentAt, suppressed, level FROM "AlertState" WHERE key LIKE 'route:%' AND suppressed > 0 AND lastSentAt <= ?`).all(now - cooldownMs) as Array<{
      key: string;
      lastSentAt: number;
      suppressed: number;
    }>;
    for (const entry of pending) {
      const route = this.route(Number(entry.key.slice("route:".length)));
      if (!route || this.inMaintenance(route, now) || !EVENT_FOR_STATE[route.state]) continue;
      const kind = route.state === "up" ? null : ((prepared(this.db, `SELECT lastKind FROM "Route" WHERE id = ?`).get(route.id) as { lastKind: string | null }).lastKind ?? null);
      this.announceRoute(route, route.state, null, kind, now, entry.suppressed, `route:${route.id}:summary:${entry.lastSentAt}`);
    }
  }

  private announceLastingDegradation(now: number, cooldownMs: number): void {
    const since = now - this.config().alerts.degradedAfterMinutes * 60_000;
    const degraded = this.db
      // The kind behind the change into "degraded" (a failure, or "slow"), not the last probe's.
      // Pairs probed from their hub row alone, then pairs degraded over their locations (since: lib/locations/pair-state-change.ts).
      .prepare(
        `SELECT r.id, r.stateChangedAt, COALESCE((SELECT e.kind FROM "RouteEvent" e WHERE e.routeId = r.id AND e.toState = 'degraded' ORDER BY e.at DESC, e.id DESC LIMIT 1), r.lastKind) AS lastKind FROM "Route" r LEFT JOIN "AlertState" a ON a.key = 'route:' || r.id
          WHERE r.state = 'degraded' AND r.stateChangedAt <= @since AND (a.level IS NULL OR a.level != 'degraded')
            AND r.locationId = 1 AND NOT EXISTS (SELECT 1 FROM "Route" o WHERE o.proxyId = r.proxyId AND o.targetId = r.targetId AND o.assigned = 1 AND o.id <> r.id)
         UNION ALL
         SELECT r.id, p.lastSentAt AS stateChangedAt, (SELECT o.lastKind FROM "Route" o WHERE o.proxyId = r.proxyId AND o.targetId = r.targetId AND o.assigned = 1 AND o.state IN ('down', 'degraded') ORDER BY o.lastProbeAt DESC LIMIT 1) AS lastKind
           FROM "AlertState" p JOIN "Route" r ON 'pair:' || r.id = p.key LEFT JOIN "AlertState" a ON a.key = 'route:' || r.id
          WHERE p.key LIKE 'pair:%' AND p.level = 'degraded' AND p.lastSentAt <= @since AND (a.level IS NULL OR a.level != 'degraded')`,
      )
      .all({ since }) as Array<{ id: number; stateChangedAt: number; lastKind: string | null }>;
    for (const row of degraded) {
      const route = this.route(row.id);
      const state = this.alertState(`route:${row.id}`);
      if (!route || route.state !== "degraded" || this.inMaintenance(route, now)) continue;
      if (state.lastSentAt !== null && now - state.lastSentAt < cooldownMs) continue;
      this.announceRoute(route, "degraded", null, row.lastKind, now, state.suppressed, `route:${row.id}:degraded:${row.stateChangedAt}`);
    }
  }

  /** quota.exhausted at once, quota.low under the threshold; each once per change of level. */
  checkQuota(now: number): void {
    this.withRules(() => this.checkQuotaLevels(now));
  }

  private checkQuotaLevels(now: number): void {
    const warnPercent = this.config().alerts.quotaWarnPercent;
    const rows = prepared(
      this.db,
      `SELECT q.targetId, t.name, q.at, q.exhausted, q.remainingRequests, q.limitRequests, q.remainingTokens, q.limitTokens, q.routeId
         FROM "QuotaSnapshot" q JOIN "Target" t ON t.id = q.targetId`,
    ).all() as Array<{ targetId: number; name: string; at: number; exhausted: number; remainingRequests: number | null; limitRequests: number | null; remainingTokens: number | null; limitTokens: number | null; routeId: number | null }>;
    for (const row of rows) {
      const low = (left: number | null, limit: number | null) => left !== null && limit !== null && limit > 0 && (left / limit) * 100 < warnPercent;
      const level = row.exhausted ? "exhausted" : low(row.remainingRequests, row.limitRequests) || low(row.remainingTokens, row.limitTokens) ? "low" : "ok";
      const key = `quota:${row.targetId}`;
      const state = this.alertState(key);
      if ((state.level ?? "ok") === level) continue;
      this.saveAlertState(key, { ...state, level, lastSentAt: level === "ok" ? state.lastSentAt : now });
      if (level === "ok" || this.targetInMaintenance(row.targetId, now)) continue;
      const kind: OutcomeKind | null = level === "exhausted" ? "quota_exhausted" : null;
      this.enqueue(
        {
          event: level === "exhausted" ? "quota.exhausted" : "quota.low",
          route: null,
          target: { id: row.targetId, name: row.name },
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

  private announceRoute(route: RouteInfo, toState: RouteState, fromState: RouteState | null, kind: string | null, at: number, flaps: number, eventKey: string): void {
    const event = EVENT_FOR_STATE[toState];
    if (!event) return;
    const previous = prepared(this.db, `SELECT at, fromState FROM "RouteEvent" WHERE routeId = ? AND at < ? ORDER BY at DESC LIMIT 1`).get(route.id, at) as { at: number } | undefined;
    const hint = isKnownKind(kind) ? kindHints(kind) : null;
    this.enqueue(
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
        durationMs: fromState && previous ? at - previous.at : null,
        flaps,
        quota: null,
        ...(route.locations ? { locations: route.locations } : {}),
      },
      eventKey,
    );
    this.saveAlertState(`route:${route.id}`, { lastSentAt: at, suppressed: 0, level: toState });
  }

  private enqueue(payload: Omit<NotificationPayload, "id">, eventKey: string): void {
    // Due now, whatever time the event itself carries.
    enqueueNotification(this.db, { id: eventKey, ...payload }, eventKey, Date.now());
  }

  private baseUrl(): string {
    return dashboardUrl(this.config().publicUrl);
  }

  /** A pair by its id, with its state now over its locations. */
  private route(id: number): RouteInfo | undefined {
    const route = prepared(this.db, `SELECT r.id, p.name AS proxyName, t.name AS targetName, t.id AS targetId FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId WHERE r.id = ?`).get(
      id,
    ) as Omit<RouteInfo, "state"> | undefined;
    const now = route && currentPairState(this.db, id, this.config().minLocations ?? null);
    return route && now ? { ...route, ...now } : undefined;
  }

  private inMaintenance(route: Pick<RouteInfo, "proxyName" | "targetName">, at: number): boolean {
    return activeWindow(this.config().maintenance, route, at) !== undefined;
  }

  private targetInMaintenance(targetId: number, at: number): boolean {
    const routes = prepared(this.db, `SELECT p.name AS proxyName, t.name AS targetName FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId WHERE r.targetId = ?`).all(targetId) as Array<{ proxyName: string; targetName: string }>;
    return routes.length > 0 && routes.every((route) => this.inMaintenance(route, at));
  }

  private alertState(key: string): AlertState {
    return readAlertState(this.db, key);
  }

  private saveAlertState(key: string, state: AlertState): void {
    saveAlertState(this.db, key, state);
  }
}
