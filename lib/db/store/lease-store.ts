/** Named leases: who may run something that only one process must run (a shard of routes), and who is alive (a peer). */
export interface LeaseClaim {
  names: string[];
  holder: string;
  /** Wall-clock time (ms): leases are compared across processes and hosts. */
  now: number;
  ttlMs: number;
}

export interface LeaseStore {
  /**
   * Takes each lease that is free, expired or already the holder's, and
   * renews it to now + ttlMs, all in one transaction (a renewal of many
   * shards costs one commit); the names held after the call.
   */
  take(claim: LeaseClaim): Promise<string[]>;
  /** The live leases whose names start with `prefix` (a shard's, a peer's), with their holders. */
  listLive(prefix: string, now: number): Promise<Array<{ name: string; holder: string }>>;
  /**
   * The leases whose names start with `prefix` that expired without being
   * given up (their holder died or lost the database), with when they
   * expired: their holder may have worked until then without a trace.
   */
  listAbandoned(prefix: string, now: number): Promise<Array<{ name: string; expiresAt: number }>>;
  /** Gives the lease up (expires it at once) when `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}
