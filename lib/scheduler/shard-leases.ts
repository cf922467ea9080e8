import type { LeaseStore } from "../db/store/lease-store";
import { isStorageError, type StorageReporter } from "../db/storage-health";
import type { Lease } from "./lease";

/** Routes are shared out among hub processes in this many shards (routeId % SHARDS). */
export const SHARDS = 64;

export function shardOf(routeId: number, shards = SHARDS): number {
  return routeId % shards;
}

/**
 * How long a process's shard leases last without renewal (renewed every
 * third of it): half the shortest interval, so a dead process's routes are
 * taken over and probed again within about one interval; at least 2.5 s (the
 * shortest interval is 5 s) and at most 30 s.
 */
export function shardLeaseTtlMs(intervalsMs: Iterable<number>): number {
  // A loop, not Math.min(...): a spread of a hundred thousand routes' intervals overflows the call stack.
  let shortest = Number.POSITIVE_INFINITY;
  for (const interval of intervalsMs) shortest = Math.min(shortest, interval);
  if (shortest === Number.POSITIVE_INFINITY) shortest = 60_000;
  return Math.min(30_000, Math.max(2500, Math.floor(shortest / 2)));
}

export interface ShardLeaseOptions {
  shards?: number;
  /** Lease names start with it (tests run several sets on one database). */
  prefix?: string;
  storage?: StorageReporter;
  /**
   * Whether live processes share the shards evenly (true, the default), or
   * the first takes them all and the others stand by until it dies (one
   * SQLite file has one writer: sharing there adds no capacity, only work).
   */
  evenShares?: boolean;
  /** Told after a renewal that changed how many shards this process probes (at start too). */
  onShare?: (probing: number, shards: number) => void;
}

/**
 * Several hub processes on one database share the routes: each holds the
 * leases of some shards (`shard:<n>` rows) and probes only their routes, so
 * no route is probed by two. Each renews a `peer:<holder>` row too, and aims
 * for its share, ceil(shards / live peers): a process holding more first
 * stops probing its surplus shards and releases them one renewal later
 * (their probes in flight have finished, and their last probe times are
 * written), and a process holding fewer takes free ones. A dead process's
 * leases expire and are taken over by the others. Shard 0's holder does the
 * once-per-database work (`leads`).
 */
export class ShardLeases implements Lease {
  private readonly owned = new Set<number>();
  /** Surplus shards no longer probed here, released once their probes in flight have ended. */
  private readonly draining = new Set<number>();
  /** Until when (wall ms) each owned shard's lease is surely ours: its last renewal's time plus most of the ttl. */
  private readonly validUntil = new Map<number, number>();
  private changes = 0;
  private toldShare = -1;
  /** When the previous holder's lease of a shard taken over from a dead process lapsed. */
  private readonly lapsedAt = new Map<number, number>();
  /** Live processes on the database (this one included) at the last renewal that could read them. */
  private peersAtLastRenewal = 1;
  private readonly shards: number;
  private readonly prefix: string;

  constructor(
    private readonly leases: LeaseStore,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly options: ShardLeaseOptions = {},
  ) {
    this.shards = options.shards ?? SHARDS;
    this.prefix = options.prefix ?? "";
  }

  /** Changes whenever the routes this process may probe change. */
  get generation(): number {
    return this.changes;
  }

  /** Whether this process does the once-per-database work (it holds shard 0). */
  get leads(): boolean {
    return this.owned.has(0) && !this.draining.has(0);
  }

  /** The shards this process probes now. */
  get probing(): number[] {
    return [...this.owned].filter((shard) => !this.draining.has(shard)).sort((a, b) => a - b);
  }

  /**
   * Whether the route's shard is this process's to probe. Given the time, also
   * whether its lease is still surely held: a process whose renewals stall (a
   * frozen event loop, a slow disk) stops probing before another may take the
   * shard over, rather than probing beside it.
   */
  owns(routeId: number, now?: number): boolean {
    const shard = shardOf(routeId, this.shards);
    if (!this.owned.has(shard) || this.draining.has(shard)) return false;
    return now === undefined || now < (this.validUntil.get(shard) ?? 0);
  }

  unrecordedProbesUntil(routeId: number): number | undefined {
    return this.lapsedAt.get(shardOf(routeId, this.shards));
  }

  /** Whether some shard's lease still surely holds at `now` (readiness: shards whose renewals lapsed are not probed). */
  probesNow(now: number): boolean {
    return this.probing.some((shard) => now < (this.validUntil.get(shard) ?? 0));
  }

  async acquire(now: number, busyRouteIds?: ReadonlySet<number>): Promise<boolean> {
    try {
      await this.renew(now, busyRouteIds ?? new Set());
      this.options.storage?.report("scheduler lease", null, now);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      this.options.storage?.report("scheduler lease", error, now);
      await this.keepThroughStorageFailure(now);
    }
    const probing = this.probing.length;
    if (probing !== this.toldShare) this.options.onShare?.(probing, this.shards);
    this.toldShare = probing;
    return probing > 0;
  }

  async release(): Promise<void> {
    try {
      for (const shard of this.owned) await this.leases.release(this.shardName(shard), this.holder);
      await this.leases.release(this.peerName(), this.holder);
    } catch (error) {
      // Unwritable storage: the leases then simply expire after their TTL.
      if (!isStorageError(error)) throw error;
    } finally {
      if (this.owned.size) this.changes += 1;
      this.owned.clear();
      this.draining.clear();
      this.validUntil.clear();
      this.lapsedAt.clear();
      this.toldShare = -1;
    }
  }

  /** Another live process on this database, when there is one. */
  async otherHolder(now: number): Promise<string | null> {
    try {
      const peers = await this.leases.listLive(this.peerName(""), now);
      return peers.find((peer) => peer.holder !== this.holder)?.holder ?? null;
    } catch {
      return null;
    }
  }

  /**
   * A renewal the storage refused (a full disk, a server down) is not a lease
   * lost: the shards no other live process holds stay ours, also past their
   * expiry (the results wait in memory meanwhile); those another has taken
   * go. When even reading fails, a process that was alone on the database
   * keeps probing (nobody can take its shards), and one that had peers keeps
   * what it holds only as long as its last renewal (a peer that still reaches
   * the database takes them over).
   */
  private async keepThroughStorageFailure(now: number): Promise<void> {
    let live: Array<{ name: string; holder: string }>;
    try {
      live = await this.leases.listLive(this.shardName(""), now);
    } catch {
      if (this.peersAtLastRenewal <= 1) for (const shard of this.owned) this.validUntil.set(shard, this.validAfterClaim(now));
      return;
    }
    const takenByOthers = new Set(live.filter((lease) => lease.holder !== this.holder).map((lease) => this.shardOfName(lease.name)));
    let changed = false;
    for (const shard of [...this.owned]) {
      if (takenByOthers.has(shard)) changed = this.drop(shard) || changed;
      else this.validUntil.set(shard, this.validAfterClaim(now));
    }
    if (changed) this.changes += 1;
  }

  private async renew(now: number, busyRouteIds: ReadonlySet<number>): Promise<void> {
    // A surplus shard goes back once no probe of its routes runs here: the
    // taker then reads their last probe times with those probes written.
    const busyShards = new Set([...busyRouteIds].map((routeId) => shardOf(routeId, this.shards)));
    for (const shard of [...this.draining]) {
      if (busyShards.has(shard)) continue;
      await this.leases.release(this.shardName(shard), this.holder);
      this.drop(shard);
    }
    // Shards still draining are renewed too: their probes in flight are covered until they end.
    const held = [...this.owned];
    const renewed = new Set(await this.claim([this.peerName(), ...held.map((shard) => this.shardName(shard))], now));
    let changed = false;
    for (const shard of held) if (!renewed.has(this.shardName(shard))) changed = this.drop(shard) || changed;
    const live = await this.leases.listLive(this.prefix, now);
    const peers = Math.max(1, live.filter((lease) => lease.name.startsWith(this.peerName(""))).length);
    this.peersAtLastRenewal = peers;
    const taken = new Set(live.filter((lease) => lease.name.startsWith(this.shardName(""))).map((lease) => this.shardOfName(lease.name)));
    const share = this.options.evenShares === false ? this.shards : Math.ceil(this.shards / peers);
    const kept = this.probing;
    if (kept.length > share) {
      // The highest first, so shard 0 (and its once-per-database work) moves last.
      for (const shard of kept.sort((a, b) => b - a).slice(0, kept.length - share)) this.draining.add(shard);
      changed = true;
    }
    const free: number[] = [];
    for (let shard = 0; shard < this.shards && this.owned.size + free.length < share; shard++) {
      if (!this.owned.has(shard) && !taken.has(shard)) free.push(shard);
    }
    // A shard whose holder died (its lease lapsed, not given up): that holder may have probed until it lapsed and stored nothing.
    const abandoned = free.length ? new Map((await this.leases.listAbandoned(this.shardName(""), now)).map((lease) => [this.shardOfName(lease.name), lease.expiresAt])) : new Map<number, number>();
    for (const name of await this.claim(free.map((shard) => this.shardName(shard)), now)) {
      const shard = this.shardOfName(name);
      this.owned.add(shard);
      const lapsedAt = abandoned.get(shard);
      if (lapsedAt === undefined) this.lapsedAt.delete(shard);
      else this.lapsedAt.set(shard, lapsedAt);
      changed = true;
    }
    if (changed) this.changes += 1;
  }

  /** Forgets a shard no longer held; true when it was being probed (not draining): the routes probed here changed. */
  private drop(shard: number): boolean {
    const wasProbing = !this.draining.delete(shard);
    this.owned.delete(shard);
    this.validUntil.delete(shard);
    this.lapsedAt.delete(shard);
    return wasProbing;
  }

  /** Takes or renews leases in one transaction; the shards held are valid until most of the ttl has passed. */
  private async claim(names: string[], now: number): Promise<string[]> {
    if (!names.length) return [];
    const held = await this.leases.take({ names, holder: this.holder, now, ttlMs: this.ttlMs });
    for (const name of held) if (name.startsWith(this.shardName(""))) this.validUntil.set(this.shardOfName(name), this.validAfterClaim(now));
    return held;
  }

  /** A tenth of the ttl is kept in hand for clocks that differ a little between hosts. */
  private validAfterClaim(now: number): number {
    return now + this.ttlMs - Math.ceil(this.ttlMs / 10);
  }

  private shardOfName(name: string): number {
    return Number(name.slice(this.shardName("").length));
  }

  private shardName(shard: number | ""): string {
    return `${this.prefix}shard:${shard}`;
  }

  private peerName(holder: string = this.holder): string {
    return `${this.prefix}peer:${holder}`;
  }
}
