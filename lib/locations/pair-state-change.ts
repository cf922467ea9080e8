import type { AlertPassStore, PairRow, RouteEventRow } from "../db/store/alert-store";
import type { StateChange } from "../db/store/result-store";
import type { RouteState } from "../monitoring/route-state";
import { aggregateState, locationState, type LocationState } from "./aggregate-state";

/** Where a pair stands over its locations, for a message: which are down, out of how many probing it (paused ones left out). */
export interface LocationTally {
  down: string[];
  total: number;
}

export interface PairChange extends StateChange {
  /** Only for a pair probed from more than one location. */
  locations?: LocationTally;
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
export async function toPairChange(alerts: AlertPassStore, change: RouteEventRow, minLocations: number | null): Promise<PairChange | null> {
  const row = await alerts.pairPlacement(change.routeId);
  if (!row) return null;
  if (row.locationId === 1 && row.others === 0) return change;
  // A row its location no longer probes is history: its late results move nothing.
  if (!row.assigned || row.pairId === null) return null;
  const siblings = await alerts.pairRows(row.pairId);
  // The other rows' states at the event (the changed row's own are the event's).
  const atEvent = new Map<number, RouteState>();
  for (const sibling of siblings) if (sibling.id !== change.routeId) atEvent.set(sibling.id, await stateAtEvent(alerts, sibling, change.id));
  const at = (sibling: PairRow, when: "before" | "after"): LocationState =>
    locationState(sibling.id === change.routeId ? (when === "before" ? change.fromState : change.toState) : atEvent.get(sibling.id)!, sibling.online);
  const before = aggregateState(siblings.map((sibling) => at(sibling, "before")), minLocations);
  const after = siblings.map((sibling) => ({ name: sibling.name, state: at(sibling, "after") }));
  const state = aggregateState(after.map((sibling) => sibling.state), minLocations);
  await alerts.savePairState({ pairId: row.pairId, state, changedAt: before === state ? null : change.at });
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
export async function currentPairState(alerts: AlertPassStore, pairId: number, minLocations: number | null): Promise<{ state: RouteState; locations?: LocationTally } | undefined> {
  const rows = await alerts.pairRows(pairId);
  if (rows.length === 0) {
    const state = await alerts.routeState(pairId);
    return state === undefined ? undefined : { state };
  }
  const locations = rows.map((row) => ({ name: row.name, state: locationState(row.state, row.online) }));
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
export async function reconcilePairStates(alerts: AlertPassStore, now: number, minLocations: number | null, seen: PlacementSeen): Promise<number> {
  // Rows' own changes keep the saved states in step (toPairChange): only a
  // change of presence, revocation, placement or minLocations can leave them
  // behind, so the pairs (tens of milliseconds for 10,000) are looked at only then.
  const fingerprint = `${minLocations}|${await alerts.placementFingerprint()}`;
  if (seen.fingerprint === fingerprint) return 0;
  let moved = 0;
  for (const row of await alerts.pairStates(minLocations)) {
    if (row.state !== "degraded" || row.level === "degraded") continue;
    await alerts.savePairState({ pairId: row.pairId, state: row.state, changedAt: now });
    moved++;
  }
  seen.fingerprint = fingerprint;
  return moved;
}

/** The placement reconcilePairStates last brought the pairs' saved states up to (kept by its caller, one per database). */
export interface PlacementSeen {
  fingerprint: string | null;
}

/** A row's state just after the event `eventId` was stored: its last event up to then, else the state its next event left, else its state now. */
async function stateAtEvent(alerts: AlertPassStore, row: PairRow, eventId: number): Promise<RouteState> {
  return (await alerts.stateAtEvent(row.id, eventId)) ?? row.state;
}
