import pLimit from "p-limit";
import { settleWithin } from "../async/settle-within";
import { systemClock, type Clock } from "./clock";
import type { Lease } from "./lease";

export interface ScheduledRoute {
  id: number;
  intervalMs: number;
  enabled: boolean;
  /** Probed only when asked ("probe now"), never on schedule. */
  manualOnly?: boolean;
  /** A change reschedules the route. */
  fingerprint: string;
}

export interface SchedulerOptions {
  listRoutes: () => ScheduledRoute[];
  /**
   * Probes the route; a rejection is reported, never fatal. It may resolve
   * with `stored`, the writing of its result: the probe's concurrency slot is
   * free once the exchange is over, while the route stays busy (no second
   * probe of it) until its result is stored.
   */
  probe: (routeId: number) => Promise<ProbeOutcome | void>;
  lease: Lease;
  leaseTtlMs: number;
  concurrency: number;
  clock?: Clock;
  random?: () => number;
  onError?: (error: unknown, routeId: number | null) => void;
  /** How late a probe started against its planned time (for the benchmark). */
  onStart?: (routeId: number, driftMs: number) => void;
  /**
   * Slots of a route that were not probed: its previous probe was still
   * queued or running ("busy"), or the timer fired more than an interval late
   * ("missed": the event loop or the process was held up).
   */
  onSkip?: (routeId: number, slots: number, reason: SkipReason) => void;
  /** Told when this process starts or stops doing the once-per-database work (the lease's `leads`, or holding it). */
  onLeadershipChange?: (leader: boolean) => void;
  /**
   * When each route was last probed (wall-clock ms), by whichever process:
   * a route newly scheduled here (at start, or taken over from another
   * process) is first probed one interval after that, not again at once.
   */
  lastProbeTimes?: (routeIds: number[]) => Promise<Map<number, number>>;
}

export type SkipReason = "busy" | "missed";

/** What a probe hands back: the writing of its result, which need not hold a concurrency slot. */
export interface ProbeOutcome {
  stored: Promise<unknown>;
}

interface RouteTimer {
  route: ScheduledRoute;
  dueAt: number;
  handle: unknown;
}

/**
 * Probes every enabled route at its interval (those its lease gives this
 * process: a shard of the routes when several share a database): start-up is spread by jitter, each route's timer always
 * reschedules itself from its planned time (so time spent probing does not
 * accumulate as drift), a route still being probed skips its next slot rather
 * than running twice (counted and reported, never silent), and at most
 * `concurrency` probes run at once. Plans use a monotonic clock, so a step of
 * the wall clock does not move them.
 * It imports nothing from Next, so it runs in the web server or a worker.
 */
export class Scheduler {
  private readonly timers = new Map<number, RouteTimer>();
  private readonly limit;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Routes with a probe queued or running (survives a reschedule). */
  private readonly busy = new Set<number>();
  private readonly skipped = new Map<number, number>();
  private leaseHandle: unknown = null;
  /** The lease check in flight: stop() waits for it, so a renewal never lands after the release. */
  private leaseCheck: Promise<void> | null = null;
  private leader = false;
  private leads = false;
  private ownedGeneration: number | undefined;
  private stopped = true;

  constructor(private readonly options: SchedulerOptions) {
    this.limit = pLimit(options.concurrency);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Changes how many probes may run at once; probes already running finish, queued ones start under the new limit. */
  setConcurrency(concurrency: number): void {
    if (concurrency !== this.limit.concurrency) this.limit.concurrency = concurrency;
  }

  get concurrency(): number {
    return this.limit.concurrency;
  }

  get running(): number {
    return this.limit.activeCount;
  }

  get queued(): number {
    return this.limit.pendingCount;
  }

  /** Slots skipped for this route since the scheduler was made. */
  skippedSlots(routeId: number): number {
    return this.skipped.get(routeId) ?? 0;
  }

  /** Starts scheduling; resolves once the first lease check has said whether this process probes. */
  start(): Promise<void> {
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    this.checkLease();
    return this.leaseCheck ?? Promise.resolve();
  }

  /** Re-reads the routes: new ones are scheduled, gone ones cancelled, changed ones rescheduled. */
  refresh(): void {
    if (!this.leader || this.stopped) return;
    const { lease } = this.options;
    const wanted = new Map(
      this.options
        .listRoutes()
        .filter((route) => route.enabled && !route.manualOnly && (lease.owns?.(route.id) ?? true))
        .map((route) => [route.id, route]),
    );
    for (const [id, timer] of this.timers) {
      const route = wanted.get(id);
      if (!route || route.fingerprint !== timer.route.fingerprint || route.intervalMs !== timer.route.intervalMs) {
        this.clock.clearTimeout(timer.handle);
        this.timers.delete(id);
        if (!route) this.skipped.delete(id);
      }
    }
    const fresh = [...wanted.values()].filter((route) => !this.timers.has(route.id));
    if (!fresh.length) return;
    if (!this.options.lastProbeTimes) return this.armFirst(fresh, new Map());
    // Reserved now, so that a second refresh meanwhile does not arm them twice.
    for (const route of fresh) this.timers.set(route.id, { route, dueAt: Number.POSITIVE_INFINITY, handle: null });
    this.options
      .lastProbeTimes(fresh.map((route) => route.id))
      .catch((error: unknown) => {
        this.options.onError?.(error, null);
        return new Map<number, number>();
      })
      .then((last) => {
        const still = fresh.filter((route) => this.timers.get(route.id)?.handle === null && this.timers.get(route.id)?.route === route);
        for (const route of still) this.timers.delete(route.id);
        if (this.leader && !this.stopped) this.armFirst(still, last);
      });
  }

  /**
   * A route's first probe here. Never probed: at a random point of its first
   * interval, so start-up is not a thundering herd. Probed before (by this
   * process before a restart, or by another that held it): one interval after
   * that probe, keeping its rhythm; already overdue, within the first quarter
   * interval, spread too (a route taken over from a dead process is probed
   * again within one interval of its last probe but the takeover's delay).
   */
  private armFirst(routes: ScheduledRoute[], lastProbeAt: Map<number, number>): void {
    const now = this.clock.monotonic();
    const wallNow = this.clock.now();
    for (const route of routes) {
      const last = lastProbeAt.get(route.id);
      const spread = (span: number) => Math.floor(this.random() * span);
      let dueIn =
        last === undefined ? spread(route.intervalMs) : last + route.intervalMs > wallNow ? Math.min(last + route.intervalMs - wallNow, route.intervalMs) : spread(route.intervalMs / 4);
      // Taken over from a process that died: a probe it made just before may not have been stored. Not again within half an interval of it.
      const unrecorded = this.options.lease.unrecordedProbesUntil?.(route.id);
      if (unrecorded !== undefined) dueIn = Math.max(dueIn, unrecorded + route.intervalMs / 2 - wallNow + spread(route.intervalMs / 8));
      this.arm({ route, dueAt: now + dueIn, handle: null });
    }
  }

  /** Stops scheduling, lets probes in flight finish (up to graceMs), releases the lease. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clock.clearTimeout(this.leaseHandle);
    await this.leaseCheck;
    this.cancelAll();
    // Queued probes see `stopped` and return at once; running ones finish.
    await settleWithin([...this.inFlight], graceMs);
    if (this.leader) await this.options.lease.release();
    // Stopping is not losing the lease to another process: no change reported.
    this.leader = this.leads = false;
  }

  private checkLease(): void {
    this.leaseCheck = this.leaseTick().finally(() => (this.leaseCheck = null));
  }

  private async leaseTick(): Promise<void> {
    if (this.stopped) return;
    let held = false;
    try {
      // Wall time: the lease row is compared with other processes' clocks.
      held = await this.options.lease.acquire(this.clock.now(), this.busy);
    } catch (error) {
      this.options.onError?.(error, null);
    }
    if (this.stopped) {
      // Taken while stop() waited for this check: given back with the rest.
      if (held) this.leader = true;
      return;
    }
    const { lease } = this.options;
    const ownedChanged = lease.generation !== this.ownedGeneration;
    this.ownedGeneration = lease.generation;
    if (held !== this.leader) {
      this.leader = held;
      if (held) this.refresh();
      else this.cancelAll();
    } else if (held && ownedChanged) this.refresh();
    this.setLeads(held && (lease.leads ?? true));
    // Renew well before expiry; a standby checks as often, so it takes over
    // within ttl + ttl/3 of the holder's last renewal.
    this.leaseHandle = this.clock.setTimeout(() => this.checkLease(), Math.max(50, Math.floor(this.options.leaseTtlMs / 3)));
  }

  private stillOwns(routeId: number): boolean {
    return this.options.lease.owns?.(routeId, this.clock.now()) ?? true;
  }

  private setLeads(leads: boolean): void {
    if (leads === this.leads) return;
    this.leads = leads;
    this.options.onLeadershipChange?.(leads);
  }

  private cancelAll(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer.handle);
    this.timers.clear();
  }

  private arm(timer: RouteTimer): void {
    this.timers.set(timer.route.id, timer);
    timer.handle = this.clock.setTimeout(() => this.due(timer), Math.max(0, timer.dueAt - this.clock.monotonic()));
  }

  private due(timer: RouteTimer): void {
    if (this.stopped || this.timers.get(timer.route.id) !== timer) return;
    const planned = timer.dueAt;
    const now = this.clock.monotonic();
    // Reschedule first, from the planned time, skipping slots already missed.
    let next = planned + timer.route.intervalMs;
    let missed = 0;
    while (next <= now) {
      next += timer.route.intervalMs;
      missed += 1;
    }
    timer.dueAt = next;
    timer.handle = this.clock.setTimeout(() => this.due(timer), next - now);

    const id = timer.route.id;
    // Its lease no longer surely ours (renewals stalled, or another process took the shard): not probed here; the next lease check drops it.
    if (!this.stillOwns(id)) return;
    if (missed > 0) this.skip(id, missed, "missed");
    // Never two probes of one route at once: when probes hang and the queue
    // is long, this is where an interval's slots go, so it is counted.
    if (this.busy.has(id)) return this.skip(id, 1, "busy");
    this.busy.add(id);
    const run = this.limit(async () => {
      if (this.stopped || !this.stillOwns(id)) return;
      this.options.onStart?.(id, this.clock.monotonic() - planned);
      return await this.options.probe(id);
    })
      // Its result is written outside the slot (a slow database must not hold probes back), with the route still busy.
      .then((outcome) => outcome?.stored)
      .catch((error: unknown) => this.options.onError?.(error, id))
      .finally(() => {
        this.busy.delete(id);
        this.inFlight.delete(run);
      });
    this.inFlight.add(run);
  }

  private skip(routeId: number, slots: number, reason: SkipReason): void {
    this.skipped.set(routeId, (this.skipped.get(routeId) ?? 0) + slots);
    try {
      this.options.onSkip?.(routeId, slots, reason);
    } catch (error) {
      this.options.onError?.(error, routeId);
    }
  }
}
