import type { Sqlite } from "../db/sqlite";

/** Who switched a route off, in the order the dashboard names them. */
export type PauseCause = "route" | "proxy" | "proxy_file" | "target" | "target_file";

export interface PauseFlags {
  routeEnabled: boolean;
  proxyEnabled: boolean;
  proxyPausedInFile: boolean;
  targetEnabled: boolean;
  targetPausedInFile: boolean;
}

/**
 * Why a route is paused (empty when it is not). A route is probed on
 * schedule only when it, its proxy and its target are all enabled; the
 * file's `enabled: false` is its own cause, which the dashboard cannot lift.
 */
export function pauseCauses(flags: PauseFlags): PauseCause[] {
  const causes: PauseCause[] = [];
  if (!flags.routeEnabled) causes.push("route");
  if (flags.proxyPausedInFile) causes.push("proxy_file");
  if (!flags.proxyEnabled) causes.push("proxy");
  if (flags.targetPausedInFile) causes.push("target_file");
  if (!flags.targetEnabled) causes.push("target");
  return causes;
}

/** The same rule as pauseCauses, in SQL, over r (Route), p (Proxy) and t (Target). */
export const ROUTE_ACTIVE_SQL = `(r.enabled = 1 AND p.enabled = 1 AND p.pausedInFile = 0 AND t.enabled = 1 AND t.pausedInFile = 0)`;

export interface PauseChange {
  routeId: number;
  paused: boolean;
}

/**
 * Brings every route's stored state in line with its switches, in one
 * transaction: a route switched off becomes "paused" (an event, its open
 * incident closed: nobody watches it any more), and one switched on again
 * starts over as "unknown" with fresh streaks (an event too), so its first
 * results decide its state and nothing from before the pause is announced
 * again. History (results, rollups, events) is kept. Idempotent: callers run
 * it after every change of a switch and at start.
 */
export function applyPauses(db: Sqlite, now: number = Date.now()): PauseChange[] {
  const changes: PauseChange[] = [];
  db.transaction(() => {
    const rows = db
      .prepare(
        `SELECT r.id, r.state, ${ROUTE_ACTIVE_SQL} AS active
           FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId
          WHERE (${ROUTE_ACTIVE_SQL}) = (r.state = 'paused')`,
      )
      .all() as Array<{ id: number; state: string; active: number }>;
    const setState = db.prepare(`UPDATE "Route" SET state = ?, stateChangedAt = ?, okStreak = 0, failStreak = 0 WHERE id = ?`);
    const event = db.prepare(`INSERT INTO "RouteEvent" (routeId, at, fromState, toState, kind, message) VALUES (?, ?, ?, ?, NULL, ?)`);
    const closeIncident = db.prepare(`UPDATE "Incident" SET endedAt = ? WHERE routeId = ? AND endedAt IS NULL`);
    for (const row of rows) {
      const pausing = row.active === 0;
      const to = pausing ? "paused" : "unknown";
      setState.run(to, now, row.id);
      event.run(row.id, now, row.state, to, pausing ? "paused" : "resumed");
      if (pausing) closeIncident.run(now, row.id);
      changes.push({ routeId: row.id, paused: pausing });
    }
  })();
  return changes;
}
