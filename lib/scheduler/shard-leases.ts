import type { LeaseStore } from "../db/store/lease-store";
import { isStorageError, type StorageReporter } from "../db/storage-health";
import type { Lease } from "./lease";

/** Routes are shared out among hub processes in this many shards (routeId % SHARDS). */
export const SHARDS = 64;

export function shardOf(routeId: number, shards = SHARDS): number {
  return routeId % shards;
}

export interface ShardLeaseOptions {
  shards?: number;
  /** Lease names start with it (tests run several sets on one database). */
  prefix?: string;
  storage?: StorageReporter;
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
  /** Surplus shards no longer probed here, released at the next renewal. */
  private readonly draining = new Set<number>();
  private changes = 0;
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

  owns(routeId: number): boolean {
    const shard = shardOf(routeId, this.shards);
    return this.owned.has(shard) && !this.draining.has(shard);
  }

  async acquire(now: number): Promise<boolean> {
    try {
      await this.renew(now);
      this.options.storage?.report("scheduler lease", null, now);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      // A renewal the disk refused is not a lease lost: keep probing what we hold until another process takes it.
      this.options.storage?.report("scheduler lease", error, now);
    }
    return this.probing.length > 0;
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

  private async renew(now: number): Promise<void> {
    const claim = (name: string) => this.leases.take({ name, holder: this.holder, now, ttlMs: this.ttlMs });
    await claim(this.peerName());
    for (const shard of this.draining) {
      await this.leases.release(this.shardName(shard), this.holder);
      this.owned.delete(shard);
    }
    this.draining.clear();
    let changed = false;
    for (const shard of [...this.owned]) {
      if (await claim(this.shardName(shard))) continue;
      this.owned.delete(shard);
      changed = true;
    }
    const live = await this.leases.listLive(this.prefix, now);
    const peers = Math.max(1, live.filter((lease) => lease.name.startsWith(this.peerName(""))).length);
    const taken = new Set(live.filter((lease) => lease.name.startsWith(this.shardName(""))).map((lease) => Number(lease.name.slice(this.shardName("").length))));
    const share = Math.ceil(this.shards / peers);
    if (this.owned.size > share) {
      // The highest first, so shard 0 (and its once-per-database work) moves last.
      for (const shard of [...this.owned].sort((a, b) => b - a).slice(0, this.owned.size - share)) this.draining.add(shard);
      changed = true;
    }
    for (let shard = 0; shard < this.shards && this.owned.size < share; shard++) {
      if (this.owned.has(shard) || taken.has(shard)) continue;
      if (await claim(this.shardName(shard))) {
        this.owned.add(shard);
        changed = true;
      }
    }
    if (changed) this.changes += 1;
  }

  private shardName(shard: number | ""): string {
    return `${this.prefix}shard:${shard}`;
  }

  private peerName(holder: string = this.holder): string {
    return `${this.prefix}peer:${holder}`;
  }
}
