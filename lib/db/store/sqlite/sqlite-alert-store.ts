import { offlineSql, pairStateSql } from "../../../locations/aggregate-state";
import type { RouteState } from "../../../monitoring/route-state";
import { prepared } from "../../prepared";
import type { Sqlite } from "../../sqlite";
import type {
  AlertRoute,
  AlertState,
  AlertStore,
  AlertTransaction,
  FoldedRouteAlert,
  LastingDegradation,
  PairPlacement,
  PairRow,
  PairStateRow,
  QuotaReading,
  RouteEventRow,
  RouteNames,
} from "../alert-store";
import { ALERT_CURSOR_KEY } from "../alert-store";
import { SqliteOutboxStore } from "./sqlite-outbox-store";
import { SqlitePresenceStore } from "./sqlite-presence-store";


export class SqliteAlertStore implements AlertStore {
  private readonly tx: AlertTransaction;

  constructor(private readonly sqlite: Sqlite) {
    // One connection: the transaction's reads and writes are this store's own.
    this.tx = { alerts: this, outbox: new SqliteOutboxStore(sqlite), presence: new SqlitePresenceStore(sqlite) };
  }

  async transaction<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T> {
    // Every writer of the process shares this connection, so nothing else may
    // run while the transaction is open: it starts at the top of a turn of the
    // event loop (nothing of anyone else's is half-way through), and `work`,
    // awaiting only these methods (synchronous inside), ends within that
    // turn. A `work` that awaits anything else (a timer, I/O) lets the loop
    // turn, and others' writes could join the transaction: when the immediate
    // below has run by the commit, it is refused and rolled back (best effort:
    // a timer or I/O already due when the turn ends runs before that immediate).
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.sqlite.inTransaction) throw new Error("an alert transaction cannot start inside another transaction on the same connection");
    let turnPassed = false;
    const guard = setImmediate(() => {
      turnPassed = true;
    });
    // Immediate: the write lock first, so two processes never handle the same events.
    this.sqlite.exec("BEGIN IMMEDIATE");
    try {
      const result = await work(this.tx);
      if (turnPassed) throw new Error("an alert transaction awaited something other than its store (it must end within one turn of the event loop on SQLite)");
      this.sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec("ROLLBACK");
      throw error;
    } finally {
      clearImmediate(guard);
    }
  }

  async readState(key: string): Promise<AlertState> {
    const row = prepared(this.sqlite, `SELECT lastSentAt, suppressed, level FROM "AlertState" WHERE key = ?`).get(key) as AlertState | undefined;
    return row ?? { lastSentAt: null, suppressed: 0, level: null };
  }

  async saveState(key: string, state: AlertState): Promise<void> {
    prepared(this.sqlite, `INSERT OR REPLACE INTO "AlertState" (key, lastSentAt, suppressed, level) VALUES (?, ?, ?, ?)`).run(key, state.lastSentAt, state.suppressed, state.level);
  }

  async startEventCursor(): Promise<void> {
    prepared(this.sqlite, `INSERT OR IGNORE INTO "Setting" (key, value) SELECT ?, CAST(COALESCE(MAX(id), 0) AS TEXT) FROM "RouteEvent"`).run(ALERT_CURSOR_KEY);
  }

  async eventCursor(): Promise<number> {
    return Number((prepared(this.sqlite, `SELECT value FROM "Setting" WHERE key = ?`).get(ALERT_CURSOR_KEY) as { value: string } | undefined)?.value ?? 0);
  }

  async saveEventCursor(eventId: number): Promise<void> {
    prepared(this.sqlite, `INSERT OR REPLACE INTO "Setting" (key, value) VALUES (?, ?)`).run(ALERT_CURSOR_KEY, String(eventId));
  }

  async eventsAfter(cursor: number, limit: number): Promise<RouteEventRow[]> {
    return prepared(this.sqlite, `SELECT id, routeId, at, fromState, toState, kind FROM "RouteEvent" WHERE id > ? ORDER BY id LIMIT ?`).all(cursor, limit) as RouteEventRow[];
  }

  async previousEventAt(routeId: number, before: number): Promise<number | undefined> {
    const row = prepared(this.sqlite, `SELECT at, fromState FROM "RouteEvent" WHERE routeId = ? AND at < ? ORDER BY at DESC LIMIT 1`).get(routeId, before) as { at: number } | undefined;
    return row?.at;
  }

  async route(id: number): Promise<AlertRoute | undefined> {
    return prepared(this.sqlite, `SELECT r.id, p.name AS proxyName, t.name AS targetName, t.id AS targetId FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId WHERE r.id = ?`).get(id) as
      | AlertRoute
      | undefined;
  }

  async routesOfTarget(targetId: number): Promise<RouteNames[]> {
    return prepared(this.sqlite, `SELECT p.name AS proxyName, t.name AS targetName FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId WHERE r.targetId = ?`).all(targetId) as RouteNames[];
  }

  async lastKind(routeId: number): Promise<string | null> {
    return (prepared(this.sqlite, `SELECT lastKind FROM "Route" WHERE id = ?`).get(routeId) as { lastKind: string | null }).lastKind ?? null;
  }

  async lastingDegradations(since: number): Promise<LastingDegradation[]> {
    // The kind behind the change into "degraded" (a failure, or "slow"), not the last probe's.
    // Pairs probed from their hub row alone, then pairs degraded over their locations (since: lib/locations/pair-state-change.ts).
    const rows = prepared(
      this.sqlite,
      `SELECT r.id, r.stateChangedAt, COALESCE((SELECT e.kind FROM "RouteEvent" e WHERE e.routeId = r.id AND e.toState = 'degraded' ORDER BY e.at DESC, e.id DESC LIMIT 1), r.lastKind) AS lastKind FROM "Route" r LEFT JOIN "AlertState" a ON a.key = 'route:' || r.id
          WHERE r.state = 'degraded' AND r.stateChangedAt <= @since AND (a.level IS NULL OR a.level != 'degraded')
            AND r.locationId = 1 AND NOT EXISTS (SELECT 1 FROM "Route" o WHERE o.proxyId = r.proxyId AND o.targetId = r.targetId AND o.assigned = 1 AND o.id <> r.id)
         UNION ALL
         SELECT r.id, p.lastSentAt AS stateChangedAt, (SELECT o.lastKind FROM "Route" o WHERE o.proxyId = r.proxyId AND o.targetId = r.targetId AND o.assigned = 1 AND o.state IN ('down', 'degraded') ORDER BY o.lastProbeAt DESC LIMIT 1) AS lastKind
           FROM "AlertState" p JOIN "Route" r ON 'pair:' || r.id = p.key LEFT JOIN "AlertState" a ON a.key = 'route:' || r.id
          WHERE p.key LIKE 'pair:%' AND p.level = 'degraded' AND p.lastSentAt <= @since AND (a.level IS NULL OR a.level != 'degraded')`,
    ).all({ since }) as Array<{ id: number; stateChangedAt: number; lastKind: string | null }>;
    return rows.map((row) => ({ routeId: row.id, since: row.stateChangedAt, kind: row.lastKind }));
  }

  async foldedRouteAlerts(sentBy: number): Promise<FoldedRouteAlert[]> {
    const rows = prepared(this.sqlite, `SELECT key, lastSentAt, suppressed, level FROM "AlertState" WHERE key LIKE 'route:%' AND suppressed > 0 AND lastSentAt <= ?`).all(sentBy) as Array<{
      key: string;
      lastSentAt: number;
      suppressed: number;
    }>;
    return rows.map((row) => ({ routeId: Number(row.key.slice("route:".length)), lastSentAt: row.lastSentAt, suppressed: row.suppressed }));
  }

  async quotaReadings(): Promise<QuotaReading[]> {
    const rows = prepared(
      this.sqlite,
      `SELECT q.targetId, t.name, q.at, q.exhausted, q.remainingRequests, q.limitRequests, q.remainingTokens, q.limitTokens, q.routeId
         FROM "QuotaSnapshot" q JOIN "Target" t ON t.id = q.targetId`,
    ).all() as Array<Omit<QuotaReading, "targetName" | "exhausted"> & { name: string; exhausted: number }>;
    return rows.map(({ name, exhausted, targetId, at, remainingRequests, limitRequests, remainingTokens, limitTokens }) => ({
      targetId,
      targetName: name,
      at,
      exhausted: Boolean(exhausted),
      remainingRequests,
      limitRequests,
      remainingTokens,
      limitTokens,
    }));
  }

  async pairPlacement(routeId: number): Promise<PairPlacement | undefined> {
    const row = prepared(
      this.sqlite,
      `SELECT r.assigned, r.locationId, h.id AS pairId,
              (SELECT COUNT(*) FROM "Route" o WHERE o.proxyId = r.proxyId AND o.targetId = r.targetId AND o.assigned = 1 AND o.id <> r.id) AS others
         FROM "Route" r LEFT JOIN "Route" h ON h.proxyId = r.proxyId AND h.targetId = r.targetId AND h.locationId = 1 WHERE r.id = ?`,
    ).get(routeId) as { assigned: number; locationId: number; pairId: number | null; others: number } | undefined;
    return row && { ...row, assigned: row.assigned === 1 };
  }

  async pairRows(pairId: number): Promise<PairRow[]> {
    const rows = prepared(
      this.sqlite,
      `SELECT o.id, l.name, o.state, NOT ${offlineSql("l")} AS online FROM "Route" h JOIN "Route" o ON o.proxyId = h.proxyId AND o.targetId = h.targetId AND o.assigned = 1
         JOIN "Location" l ON l.id = o.locationId WHERE h.id = ? ORDER BY o.locationId <> 1, l.name`,
    ).all(pairId) as Array<Omit<PairRow, "online"> & { online: number }>;
    return rows.map((row) => ({ ...row, online: row.online === 1 }));
  }

  async routeState(routeId: number): Promise<RouteState | undefined> {
    return (prepared(this.sqlite, `SELECT state FROM "Route" WHERE id = ?`).get(routeId) as { state: RouteState } | undefined)?.state;
  }

  async stateAtEvent(routeId: number, eventId: number): Promise<RouteState | undefined> {
    const before = prepared(this.sqlite, `SELECT toState FROM "RouteEvent" WHERE routeId = ? AND id < ? ORDER BY id DESC LIMIT 1`).get(routeId, eventId) as { toState: RouteState } | undefined;
    if (before) return before.toState;
    return (prepared(this.sqlite, `SELECT fromState FROM "RouteEvent" WHERE routeId = ? AND id > ? ORDER BY id LIMIT 1`).get(routeId, eventId) as { fromState: RouteState } | undefined)?.fromState;
  }

  async pairStates(minLocations: number | null): Promise<PairStateRow[]> {
    return prepared(
      this.sqlite,
      `SELECT h.id AS pairId, ${pairStateSql("h")} AS state, a.level FROM "Route" h LEFT JOIN "AlertState" a ON a.key = 'pair:' || h.id
        WHERE h.locationId = 1 AND EXISTS (SELECT 1 FROM "Route" o WHERE o.proxyId = h.proxyId AND o.targetId = h.targetId AND o.assigned = 1 AND o.locationId <> 1)`,
    ).all({ minLocations }) as PairStateRow[];
  }

  async placementFingerprint(): Promise<string> {
    const row = prepared(
      this.sqlite,
      `SELECT (SELECT group_concat(id || ':' || kind || ':' || online || ':' || COALESCE(revokedAt, ''), ',') FROM "Location") || '|' ||
              (SELECT COUNT(*) || ':' || TOTAL(id) FROM "Route" WHERE assigned = 1) AS fingerprint`,
    ).get() as { fingerprint: string };
    return row.fingerprint;
  }

  async savePairState({ pairId, state, changedAt }: { pairId: number; state: RouteState; changedAt: number | null }): Promise<void> {
    prepared(
      this.sqlite,
      `INSERT INTO "AlertState" (key, lastSentAt, suppressed, level) VALUES (?, ?, 0, ?)
       ON CONFLICT (key) DO UPDATE SET level = excluded.level, lastSentAt = COALESCE(?, lastSentAt)`,
    ).run(`pair:${pairId}`, changedAt, state, changedAt);
  }
}
