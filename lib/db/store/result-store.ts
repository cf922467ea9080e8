import type { ProbeResult } from "../../probe/run-probe";
import type { RouteState, StateThresholds } from "../../monitoring/route-state";

export interface ResultToRecord {
  routeId: number;
  targetId: number;
  result: ProbeResult;
}

export interface StateChange {
  routeId: number;
  at: number;
  fromState: RouteState;
  toState: RouteState;
  kind: string | null;
}

/** One batch of a probe agent's results, with their sequence numbers in its stream. */
export interface StreamBatch {
  locationId: number;
  streamId: string;
  /** Every sequence number in the batch (a stored position moves past all of them). */
  seqs: number[];
  /** The results to store when not seen before (a result left out still counts in `seqs`). */
  results: Array<{ seq: number; item: ResultToRecord }>;
  now: number;
}

export interface StoredStreamBatch {
  /** The stream's last sequence number before this batch (results at or below it were stored before). */
  before: number;
  lastSeq: number;
  stored: ResultToRecord[];
  changes: StateChange[];
}

export interface PauseChange {
  routeId: number;
  paused: boolean;
}

export interface ResultStore {
  /**
   * Stores a batch of probe results in one transaction: the raw rows, the
   * minute and hour rollups, the metrics counters, each route's state (and an
   * event when it changes), incidents, the latest quota facts per target, and
   * the tokens spent per target and UTC day. Returns the state changes.
   */
  record(batch: ResultToRecord[], thresholds: StateThresholds, now: number): Promise<StateChange[]>;
  /**
   * A probe agent's batch: its stream position and its unseen results in one
   * transaction, so a replay after a lost answer stores nothing twice.
   */
  recordStream(batch: StreamBatch, thresholds: StateThresholds): Promise<StoredStreamBatch>;
  /**
   * Brings every route's stored state in line with its switches, in one
   * transaction: a route switched off becomes "paused" (an event, its open
   * incident closed: nobody watches it any more), and one switched on again
   * starts over as "unknown" with fresh streaks (an event too), so its first
   * results decide its state and nothing from before the pause is announced
   * again. History (results, rollups, events) is kept. Idempotent: callers run
   * it after every change of a switch and at start.
   */
  applyPauses(now: number): Promise<PauseChange[]>;
  /** Adds slots the scheduler could not probe to the route's count (read by the API and /metrics of every process). */
  addSkippedSlots(routeId: number, slots: number): Promise<void>;
}
