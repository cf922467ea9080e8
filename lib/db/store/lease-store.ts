/** A named lease: who may run something that only one process must run (the scheduler, a shard of routes). */
export interface LeaseClaim {
  name: string;
  holder: string;
  /** Wall-clock time (ms): leases are compared across processes and hosts. */
  now: number;
  ttlMs: number;
}

export interface LeaseStore {
  /** Takes the lease when it is free, expired or already the holder's, and renews it to now + ttlMs; true when held after the call. */
  take(claim: LeaseClaim): Promise<boolean>;
  /** The lease's live holder at `now` (null when free or expired). */
  liveHolder(name: string, now: number): Promise<string | null>;
  /** The live leases whose names start with `prefix` (a shard's, a peer's), with their holders. */
  listLive(prefix: string, now: number): Promise<Array<{ name: string; holder: string }>>;
  /** Gives the lease up (expires it at once) when `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}
