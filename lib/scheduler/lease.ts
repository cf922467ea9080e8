import type { LeaseStore } from "../db/store/lease-store";
import { isStorageError, type StorageReporter } from "../db/storage-health";

export interface Lease {
  /** Takes the lease if free or expired, or renews it if ours. True when this process may probe (some of) the routes. */
  acquire(now: number): Promise<boolean>;
  release(): Promise<void>;
  readonly holder: string;
  /** Whether a route is this process's to probe (every route, when absent: one lease for all). */
  owns?(routeId: number): boolean;
  /** Changes whenever the routes this process owns change (with `owns`). */
  readonly generation?: number;
  /** Whether this process does the once-per-database work (pruning, summaries); the lease held, when absent. */
  readonly leads?: boolean;
}

/**
 * A lease row in the database: only its holder runs the scheduler, so two
 * processes on one database never probe twice. A holder that dies stops
 * renewing; another takes over once the lease expires.
 */
export class DatabaseLease implements Lease {
  private held = false;

  constructor(
    private readonly leases: LeaseStore,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly name = "scheduler",
    private readonly storage?: StorageReporter,
  ) {}

  async acquire(now: number): Promise<boolean> {
    try {
      this.held = await this.leases.take({ name: this.name, holder: this.holder, now, ttlMs: this.ttlMs });
      this.storage?.report("scheduler lease", null, now);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      // A renewal that the disk refused is not a lease lost to another
      // process: keep what we had unless the row names another live holder.
      this.storage?.report("scheduler lease", error, now);
      if (await this.otherHolder(now)) this.held = false;
    }
    return this.held;
  }

  /** Who holds the lease now, when it is another process (null when free, expired or ours). */
  async otherHolder(now: number): Promise<string | null> {
    try {
      const holder = await this.leases.liveHolder(this.name, now);
      return holder !== this.holder ? holder : null;
    } catch {
      return null;
    }
  }

  async release(): Promise<void> {
    this.held = false;
    try {
      await this.leases.release(this.name, this.holder);
    } catch (error) {
      // Unwritable storage: the lease then simply expires after its TTL.
      if (!isStorageError(error)) throw error;
    }
  }
}
