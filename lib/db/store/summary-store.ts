import type { ResultToRecord } from "./result-store";
import type { PruneReport, RetentionPolicy } from "./upkeep-store";

/**
 * Each route's 1h, 24h and 7d figures (RouteSummary), which listings read
 * instead of the rollups. One process keeps them incrementally (the one that
 * runs the scheduler and stores nearly every result); any other recomputes
 * the routes it wrote and marks them for the keeper.
 */
export interface SummaryStore {
  /** This process keeps the summaries from now on; each route is read from the rollups when first needed. */
  startKeeping(): Promise<void>;
  /** This process keeps them no more (it lost the scheduler's lease): forgets what it held. */
  stopKeeping(): void;
  /** The keeper: adds results just stored; their rows are written at the next flush that finds them moved. */
  record(items: readonly ResultToRecord[], now: number): Promise<void>;
  /** The keeper's periodic pass: slides the windows, reads routes still unread, writes rows that moved. */
  tick(now: number): Promise<void>;
  /** The keeper: writes the rows of these routes now if they changed (a person asked for their probes). */
  flushChanged(now: number, routeIds: readonly number[]): Promise<void>;
  /** The keeper, after pruning: rollups deleted inside a window are taken out of what it holds. */
  afterPrune(report: PruneReport, policy: RetentionPolicy, now: number): Promise<void>;
  /** Not the keeper: recomputes these routes' rows from the rollups and asks the keeper to rebuild them. */
  refreshWritten(routeIds: readonly number[], now: number): Promise<void>;
}
