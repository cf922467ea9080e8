import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import type { RouteState } from "../../../monitoring/route-state";
import type {
  AlertPassStore,
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
import { pgOfflineSql, pgPairStateSql } from "./pg-aggregate-state";
import { inTransaction, pgTime } from "./pg-pool";
import type { PgQueryable } from "./pg-queryable";
import { enqueueOutboxMessage } from "./postgres-outbox-store";
import { PostgresPresenceStore } from "./postgres-presence-store";


/**
 * The advisory lock an alert pass holds for its transaction ("pp_alert" in
 * ASCII): passes of every hub process run one after another, so two never
 * read the same new events (or presence flips) and announce them twice.
 */
const ALERT_PASS_LOCK = "8102080601674576500";

/** An alert pass's reads and writes, on the pool or on a pass's own client. */
export class PostgresAlertPassStore implements AlertPassStore {
  constructor(protected readonly db: PgQueryable) {}

  async readState(key: string): Promise<AlertState> {
    const { rows } = await this.db.query<AlertState>(`SELECT "lastSentAt", suppressed, level FROM "AlertState" WHERE key = $1`, [key]);
    return rows[0] ?? { lastSentAt: null, suppressed: 0, level: null };
  }

  async saveState(key: string, state: AlertState): Promise<void> {
    await this.db.query(
      `INSERT INTO "AlertState" (key, "lastSentAt", suppressed, level) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET "lastSentAt" = excluded."lastSentAt", suppressed = excluded.suppressed, level = excluded.level`,
      [key, pgTime(state.lastSentAt), state.suppressed, state.level],
    );
  }

  async startEventCursor(): Promise<void> {
    await this.db.query(`INSERT INTO "Setting" (key, value) SELECT $1, COALESCE(MAX(id), 0)::text FROM "RouteEvent" ON CONFLICT (key) DO NOTHING`, [ALERT_CURSOR_KEY]);
  }

  async eventCursor(): Promise<number> {
    const { rows } = await this.db.query<{ value: string }>(`SELECT value FROM "Setting" WHERE key = $1`, [ALERT_CURSOR_KEY]);
    return Number(rows[0]?.value ?? 0);
  }

  async saveEventCursor(eventId: number): Promise<void> {
    await this.db.query(`INSERT INTO "Setting" (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [ALERT_CURSOR_KEY, String(eventId)]);
  }

  async eventsAfter(cursor: number, limit: number): Promise<RouteEventRow[]> {
    const { rows } = await this.db.query<RouteEventRow>(`SELECT id, "routeId", at, "fromState", "toState", kind FROM "RouteEvent" WHERE id > $1 ORDER BY id LIMIT $2`, [cursor, limit]);
    return rows;
  }

  async previousEventAt(routeId: number, before: number): Promise<number | undefined> {
    const { rows } = await this.db.query<{ at: number }>(`SELECT at FROM "RouteEvent" WHERE "routeId" = $1 AND at < $2 ORDER BY at DESC LIMIT 1`, [routeId, pgTime(before)]);
    return rows[0]?.at;
  }

  async route(id: number): Promise<AlertRoute | undefined> {
    const { rows } = await this.db.query<AlertRoute>(
      `SELECT r.id, p.name AS "proxyName", t.name AS "targetName", t.id AS "targetId" FROM "Route" r JOIN "Proxy" p ON p.id = r."proxyId" JOIN "Target" t ON t.id = r."targetId" WHERE r.id = $1`,
      [id],
    );
    return rows[0];
  }

  async routesOfTarget(targetId: number): Promise<RouteNames[]> {
    // In the order SQLite reads them (through the (proxyId, targetId, locationId) index).
    const { rows } = await this.db.query<RouteNames>(
      `SELECT p.name AS "proxyName", t.name AS "targetName" FROM "Route" r JOIN "Proxy" p ON p.id = r."proxyId" JOIN "Target" t ON t.id = r."targetId" WHERE r."targetId" = $1 ORDER BY r."proxyId", r."locationId"`,
      [targetId],
    );
    return rows;
  }

  async lastKind(routeId: number): Promise<string | null> {
    const { rows } = await this.db.query<{ lastKind: string | null }>(`SELECT "lastKind" FROM "Route" WHERE id = $1`, [routeId]);
    // Like SQLite's: a route that is gone is the caller's mistake, not "no kind".
    if (!rows[0]) throw new Error(`route ${routeId} not found`);
    return rows[0].lastKind;
  }

  async lastingDegradations(since: number): Promise<LastingDegradation[]> {
    // As on SQLite (sqlite-alert-store.ts): the kind behind the change into "degraded", pairs probed from their hub row alone, then pairs degraded over their locations.
    const { rows } = await this.db.query<{ id: number; stateChangedAt: number; lastKind: string | null }>(
      `SELECT 0 AS part, r.id, r."stateChangedAt",
              COALESCE((SELECT e.kind FROM "RouteEvent" e WHERE e."routeId" = r.id AND e."toState" = 'degraded' ORDER BY e.at DESC, e.id DESC LIMIT 1), r."lastKind") AS "lastKind"
         FROM "Route" r LEFT JOIN "AlertState" a ON a.key = 'route:' || r.id
        WHERE r.state = 'degraded' AND r."stateChangedAt" <= $1 AND (a.level IS NULL OR a.level <> 'degraded')
          AND r."locationId" = 1 AND NOT EXISTS (SELECT 1 FROM "Route" o WHERE o."proxyId" = r."proxyId" AND o."targetId" = r."targetId" AND o.assigned AND o.id <> r.id)
       UNION ALL
       SELECT 1 AS part, r.id, p."lastSentAt" AS "stateChangedAt",
              (SELECT o."lastKind" FROM "Route" o WHERE o."proxyId" = r."proxyId" AND o."targetId" = r."targetId" AND o.assigned AND o.state IN ('down', 'degraded') ORDER BY o."lastProbeAt" DESC NULLS LAST LIMIT 1) AS "lastKind"
         FROM "AlertState" p JOIN "Route" r ON 'pair:' || r.id = p.key LEFT JOIN "AlertState" a ON a.key = 'route:' || r.id
        WHERE p.key LIKE 'pair:%' AND p.level = 'degraded' AND p."lastSentAt" <= $1 AND (a.level IS NULL OR a.level <> 'degraded')
       ORDER BY part, id`,
      [pgTime(since)],
    );
    return rows.map((row) => ({ routeId: row.id, since: row.stateChangedAt, kind: row.lastKind }));
  }

  async foldedRouteAlerts(sentBy: number): Promise<FoldedRouteAlert[]> {
    const { rows } = await this.db.query<{ key: string; lastSentAt: number; suppressed: number }>(
      `SELECT key, "lastSentAt", suppressed FROM "AlertState" WHERE key LIKE 'route:%' AND suppressed > 0 AND "lastSentAt" <= $1 ORDER BY key COLLATE "C"`,
      [pgTime(sentBy)],
    );
    return rows.map((row) => ({ routeId: Number(row.key.slice("route:".length)), lastSentAt: row.lastSentAt, suppressed: row.suppressed }));
  }

  async quotaReadings(): Promise<QuotaReading[]> {
    const { rows } = await this.db.query<QuotaReading>(
      `SELECT q."targetId", t.name AS "targetName", q.at, q.exhausted, q."remainingRequests", q."limitRequests", q."remainingTokens", q."limitTokens"
         FROM "QuotaSnapshot" q JOIN "Target" t ON t.id = q."targetId" ORDER BY q."targetId"`,
    );
    return rows;
  }

  async pairPlacement(routeId: number): Promise<PairPlacement | undefined> {
    const { rows } = await this.db.query<PairPlacement>(
      `SELECT r.assigned, r."locationId", h.id AS "pairId",
              (SELECT COUNT(*)::int FROM "Route" o WHERE o."proxyId" = r."proxyId" AND o."targetId" = r."targetId" AND o.assigned AND o.id <> r.id) AS others
         FROM "Route" r LEFT JOIN "Route" h ON h."proxyId" = r."proxyId" AND h."targetId" = r."targetId" AND h."locationId" = 1 WHERE r.id = $1`,
      [routeId],
    );
    return rows[0];
  }

  async pairRows(pairId: number): Promise<PairRow[]> {
    const { rows } = await this.db.query<PairRow>(
      `SELECT o.id, l.name, o.state, NOT ${pgOfflineSql("l")} AS online FROM "Route" h JOIN "Route" o ON o."proxyId" = h."proxyId" AND o."targetId" = h."targetId" AND o.assigned
         JOIN "Location" l ON l.id = o."locationId" WHERE h.id = $1 ORDER BY o."locationId" <> 1, l.name COLLATE "C"`,
      [pairId],
    );
    return rows;
  }

  async routeState(routeId: number): Promise<RouteState | undefined> {
    const { rows } = await this.db.query<{ state: RouteState }>(`SELECT state FROM "Route" WHERE id = $1`, [routeId]);
    return rows[0]?.state;
  }

  async stateAtEvent(routeId: number, eventId: number): Promise<RouteState | undefined> {
    const before = await this.db.query<{ toState: RouteState }>(`SELECT "toState" FROM "RouteEvent" WHERE "routeId" = $1 AND id < $2 ORDER BY id DESC LIMIT 1`, [routeId, eventId]);
    if (before.rows[0]) return before.rows[0].toState;
    const after = await this.db.query<{ fromState: RouteState }>(`SELECT "fromState" FROM "RouteEvent" WHERE "routeId" = $1 AND id > $2 ORDER BY id LIMIT 1`, [routeId, eventId]);
    return after.rows[0]?.fromState;
  }

  async pairStates(minLocations: number | null): Promise<PairStateRow[]> {
    const { rows } = await this.db.query<PairStateRow>(
      `SELECT h.id AS "pairId", ${pgPairStateSql("h", "$1")} AS state, a.level FROM "Route" h LEFT JOIN "AlertState" a ON a.key = 'pair:' || h.id
        WHERE h."locationId" = 1 AND EXISTS (SELECT 1 FROM "Route" o WHERE o."proxyId" = h."proxyId" AND o."targetId" = h."targetId" AND o.assigned AND o."locationId" <> 1)
        ORDER BY h.id`,
      [minLocations],
    );
    return rows;
  }

  async placementFingerprint(): Promise<string> {
    // Spelt as SQLite spells it (online 0/1, revokedAt in ms, TOTAL's ".0"), so both engines answer alike; only ever compared with itself.
    const { rows } = await this.db.query<{ fingerprint: string }>(
      `SELECT (SELECT string_agg(id || ':' || kind || ':' || online::int || ':' || COALESCE(((extract(epoch FROM "revokedAt") * 1000)::bigint)::text, ''), ',' ORDER BY id) FROM "Location") || '|' ||
              (SELECT COUNT(*) || ':' || COALESCE(SUM(id), 0) || '.0' FROM "Route" WHERE assigned) AS fingerprint`,
    );
    return rows[0]!.fingerprint;
  }

  async savePairState({ pairId, state, changedAt }: { pairId: number; state: RouteState; changedAt: number | null }): Promise<void> {
    await this.db.query(
      `INSERT INTO "AlertState" (key, "lastSentAt", suppressed, level) VALUES ($1, $2, 0, $3)
       ON CONFLICT (key) DO UPDATE SET level = excluded.level, "lastSentAt" = COALESCE($2, "AlertState"."lastSentAt")`,
      [`pair:${pairId}`, pgTime(changedAt), state],
    );
  }
}

export class PostgresAlertStore extends PostgresAlertPassStore implements AlertStore {
  /** This process's passes, one after another: one waits on the advisory lock, not one pool client each. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set while the current async context runs one of this store's passes (a pass inside a pass would wait for itself for ever). */
  private readonly openPass = new AsyncLocalStorage<true>();

  constructor(private readonly pool: pg.Pool) {
    super(pool);
  }

  transaction<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T> {
    if (this.openPass.getStore()) return Promise.reject(new Error("an alert transaction cannot start inside another transaction on the same connection"));
    const pass = this.queue.then(() => this.openPass.run(true, () => this.run(work)));
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  private run<T>(work: (tx: AlertTransaction) => Promise<T>): Promise<T> {
    // One attempt: `work` may change its caller's memory (the engine's placement
    // fingerprint), which a silent rerun would not reset; a failure is the
    // caller's, as on SQLite, and the events stay after the cursor for the next pass.
    return inTransaction(
      this.pool,
      async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [ALERT_PASS_LOCK]);
        const tx: AlertTransaction = {
          alerts: new PostgresAlertPassStore(client),
          outbox: { enqueue: (message) => enqueueOutboxMessage(client, message) },
          presence: new PostgresPresenceStore(client),
        };
        return work(tx);
      },
      1,
    );
  }
}
