export interface RetentionPolicy {
  rawDays: number;
  minuteRollupDays: number;
  rollupDays: number;
}

export interface PruneReport {
  results: number;
  minuteRollups: number;
  hourRollups: number;
  events: number;
  tokenDays: number;
  agentStreams: number;
}

/** Keeping the database in shape: retention, and the proof that it takes writes. */
export interface UpkeepStore {
  /**
   * Deletes data past its retention in batches of `batchSize`, yielding to
   * the event loop between them so that probes and pages never wait behind a
   * big delete.
   */
  prune(policy: RetentionPolicy, now: number, batchSize?: number): Promise<PruneReport>;
  /**
   * A real, committed write (the one way to know the database takes writes:
   * opening a read-only file succeeds, reads work on a full disk). Throws
   * the storage's error when it does not.
   */
  writeCheck(holder: string, now: number): Promise<void>;
}
