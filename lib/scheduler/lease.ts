/**
 * What the scheduler asks of a lease: the hub's ShardLeases (several processes
 * on one database share the routes), or the probe agent's own, always held.
 */
export interface Lease {
  /**
   * Takes the lease if free or expired, or renews it if ours. True when this
   * process may probe (some of) the routes. `busyRouteIds`: the routes with a
   * probe queued or running here (a lease covering them is not given up yet).
   */
  acquire(now: number, busyRouteIds?: ReadonlySet<number>): Promise<boolean>;
  release(): Promise<void>;
  readonly holder: string;
  /** Whether a route is this process's to probe (every route, when absent: one lease for all); given the wall time, also whether its lease still surely holds. */
  owns?(routeId: number, now?: number): boolean;
  /** Changes whenever the routes this process owns change (with `owns`). */
  readonly generation?: number;
  /**
   * Until when (wall ms) another process held the route's lease before it
   * lapsed without being given up (the process died): a probe it made then
   * may never have been stored. Undefined when the route came otherwise.
   */
  unrecordedProbesUntil?(routeId: number): number | undefined;
  /** Whether this process does the once-per-database work (pruning, summaries); the lease held, when absent. */
  readonly leads?: boolean;
}

