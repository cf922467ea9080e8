import type { Sqlite } from "../db/sqlite";
import type { StateChange } from "../db/store/result-store";
import type { RouteState } from "../monitoring/route-state";
import { aggregateState, locationState, offlineSql, pairStateSql, type LocationState } from "./aggregate-state";

/** Where a pair stands over its locations, for a message: which are down, out of how many probing it (paused ones left out). */
export interface LocationTally {
  down: string[];
  total: number;
}

export interface PairChange extends StateChange {
  /** Only for a pair probed from more than one location. */
  locations?: LocationTally;
}

interface SiblingRow {
  id: number;
  name: string;
  state: RouteState;
  /** 1 unless the row's location is an agent gone silent. */
  online: number;
}

/** Prepared once per database: these run for every state change the alert engine handles (10,000 in a large install's first minute). */
const cache = new WeakMap<Sqlite, ReturnType<typeof build>>();

function statements(db: Sqlite): ReturnType<typeof build> {
  let prepared = cache.get(db);
  if (!prepared) cache.set(db, (prepared = build(db)));
  return prepared;
}

function build(db: Sqlite) {
  return {
    placement: db.prepare(
      `SELECT r.assigned, r.locationId, h.id AS pairId,
              (SELECT COUNT(*) FROM "Route" o WHERE o.proxyId = r.proxyId AND o.targetId = r.targetId AND o.assigned = 1 AND o.id <> r.id) AS others
         FROM "Route" r LEFT JOIN "Route" h ON h.proxyId = r.proxyId AND h.targetId = r.targetId AND h.locationId = 1 WHERE r.id = ?`,
    ),
    // The pair's assigned rows, the hub first, then by location name.
    pairRows: db.prepare(
      `SELECT o.id, l.name, o.state, NOT ${offlineSql("l")} AS online FROM "Route" h JOIN "Route" o ON o.proxyId = h.proxyId AND o.targetId = h.targetId AND o.assigned = 1
         JOIN "Location" l ON l.id = o.locationId WHERE h.id = ? ORDER BY o.locationId <> 1, l.name`,
    ),
    rowState: db.prepare(`SELECT state FROM "Route" WHERE id = ?`).pluck(),
    lastEventBefore: db.prepare(`SELECT toState FROM "RouteEvent" WHERE routeId = ? AND id < ? ORDER BY id DESC LIMIT 1`).pluck(),
    firstEventAfter: db.prepare(`SELECT fromState FROM "RouteEvent" WHERE routeId = ? AND id > ? ORDER BY id LIMIT 1`).pluck(),
    // Every pair probed from an agent's location, its state now and the state saved for it.
    pairStates: db.prepare(
      `SELECT h.id AS pairId, ${pairStateSql("h")} AS state, a.level FROM "Route" h LEFT JOIN "AlertState" a ON a.key = 'pair:' || h.id
        WHERE h.locationId = 1 AND EXISTS (SELECT 1 FROM "Route" o WHERE o.proxyId = h.proxyId AND o.targetId = h.targetId AND o.assigned = 1 AND o.locationId <> 1)`,
    ),
    // What the pairs' states depend on besides their rows' states: each location's presence and revocation, and which rows are assigned.
    placementFingerprint: db
      .prepare(
        `SELECT (SELECT group_concat(id || ':' || kind || ':' || online || ':' || COALESCE(revokedAt, ''), ',') FROM "Location") || '|' ||
                (SELECT COUNT(*) || ':' || TOTAL(id) FROM "Route" WHERE assigned = 1)`,
      )
      .pluck(),
    savePairState: db.prepare(
      `INSERT INTO "AlertState" (key, lastSentAt, suppressed, level) VALUES (?, ?, 0, ?)
       ON CONFLICT (key) DO UPDATE SET level = excluded.level, lastSentAt = COALESCE(?, lastSentAt)`,
    ),
  };
}

/**
 * A route row's state change as its pair's: a row at one location changed,
 * so the pair's state over its locations (aggregate-state.ts) may have. For a
 * pair probed from its hub row alone (every install before locations) that is
 * the change itself; otherwise the pair's state just before and just after
 * the event, from each location's state at that moment (read from the stored
 * events, so that events handled late are judged as they happened), and null
 * when the pair's state did not move. `routeId` becomes the pair's id.
 * Whether each location is online is taken as it is now: a location going
 * offline or online is news of its own (agent.offline / agent.online), and
 * does not replay its pairs' history.
 */
export function toPairChange(db: Sqlite, change: StateChange & { id: number }, minLocations: number | null): PairChange | null {
  const row = statements(db).placement.get(change.routeId) as { assigned: number; locationId: number; pairId: number | null; others: number } | undefined;
  if (!row) return null;
  if (row.locationId === 1 && row.others === 0) return change;
  // A row its location no longer probes is history: its late results move nothing.
  if (!row.assigned || row.pairId === null) return null;
  const siblings = pairRows(db, row.pairId);
  const at = (sibling: SiblingRow, when: "before" | "after"): LocationState =>
    locationState(sibling.id === change.routeId ? (when === "before" ? change.fromState : change.toState) : stateAtEvent(db, sibling, change.id), sibling.online === 1);
  const before = aggregateState(siblings.map((sibling) => at(sibling, "before")), minLocations);
  const after = siblings.map((sibling) => ({ name: sibling.name, state: at(sibling, "after") }));
  const state = aggregateState(after.map((sibling) => sibling.state), minLocations);
  savePairState(db, row.pairId, state, before === state ? null : change.at);
  if (before === state) return null;
  return { routeId: row.pairId, at: change.at, fromState: before, toState: state, kind: change.kind, locations: tally(after) };
}

/** Which locations say down, out of those the quorum counts (all but paused ones; an offline one says nothing). */
function tally(locations: ReadonlyArray<{ name: string; state: LocationState }>): LocationTally {
  const voters = locations.filter((location) => location.state !== "paused");
  return { down: voters.filter((location) => location.state === "down").map((location) => location.name), total: voters.length };
}

/**
 * The pair's state now, over its assigned rows (as the route listing works
 * it out: aggregate-state.ts), and its hub row's state when none is assigned.
 * The locations' tally only for a pair probed from more than one place.
 */
export function currentPairState(db: Sqlite, pairId: number, minLocations: number | null): { state: RouteState; locations?: LocationTally } | undefined {
  const rows = pairRows(db, pairId);
  if (rows.length === 0) {
    const state = statements(db).rowState.get(pairId) as RouteState | undefined;
    return state === undefined ? undefined : { state };
  }
  const locations = rows.map((row) => ({ name: row.name, state: locationState(row.state, row.online === 1) }));
  const state = aggregateState(locations.map((location) => location.state), minLocations);
  return rows.length === 1 ? { state } : { state, locations: tally(locations) };
}

/**
 * Saves the start of a degradation that something other than a row's event
 * brought (AlertState "pair:<id>": level degraded, since `now`): an agent's
 * location coming back still down, a location revoked or placed,
 * minLocations changed. Nothing is announced for that move itself; the
 * lasting-degradation alert counts from it (a pair degraded again when a
 * silent agent returns still down was never announced: its saved state had
 * moved on meanwhile). A move out of degraded by presence alone is not
 * saved: an agent flapping on a flaky link must not restart the count of a
 * degradation its location reported all along (the alert looks at the
 * pair's state now before it says anything). Returns how many pairs moved.
 */
export function reconcilePairStates(db: Sqlite, now: number, minLocations: number | null): number {
  const { pairStates, placementFingerprint } = statements(db);
  // Rows' own changes keep the saved states in step (toPairChange): only a
  // change of presence, revocation, placement or minLocations can leave them
  // behind, so the pairs (tens of milliseconds for 10,000) are looked at only then.
  const fingerprint = `${minLocations}|${placementFingerprint.get() as string}`;
  if (lastFingerprint.get(db) === fingerprint) return 0;
  let moved = 0;
  for (const row of pairStates.all({ minLocations }) as Array<{ pairId: number; state: RouteState; level: string | null }>) {
    if (row.state !== "degraded" || row.level === "degraded") continue;
    savePairState(db, row.pairId, row.state, now);
    moved++;
  }
  lastFingerprint.set(db, fingerprint);
  return moved;
}

/** Per database, the placement reconcilePairStates last brought the pairs' saved states up to. */
const lastFingerprint = new WeakMap<Sqlite, string>();

/** The pair's assigned rows, the hub first, then by location name. */
function pairRows(db: Sqlite, pairId: number): SiblingRow[] {
  return statements(db).pairRows.all(pairId) as SiblingRow[];
}

/** A row's state just after the event `eventId` was stored: its last event up to then, else the state its next event left, else its state now. */
function stateAtEvent(db: Sqlite, row: SiblingRow, eventId: number): RouteState {
  const before = statements(db).lastEventBefore.get(row.id, eventId) as RouteState | undefined;
  if (before !== undefined) return before;
  const next = statements(db).firstEventAfter.get(row.id, eventId) as RouteState | undefined;
  return next ?? row.state;
}

/**
 * The pair's state over its locations and since when (AlertState "pair:<id>":
 * level = the state, lastSentAt = when it began), so that a pair degraded in
 * some locations for long enough can be announced like a degraded route.
 */
function savePairState(db: Sqlite, pairId: number, state: RouteState, changedAt: number | null): void {
  statements(db).savePairState.run(`pair:${pairId}`, changedAt, state, changedAt);
}
