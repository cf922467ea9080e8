import type { Sqlite } from "../db/sqlite";
import { log } from "../log";
import { recordResults, type ResultToRecord, type StateChange } from "./record-results";
import type { StateThresholds } from "./route-state";

interface Pending {
  item: ResultToRecord;
  done: (changes: StateChange[]) => void;
  failed: (error: unknown) => void;
}

/**
 * Batches probe results into one transaction per flush (every `flushMs`, or
 * sooner when `maxBatch` are waiting), so thousands of routes cost a handful
 * of writes a second. `write` resolves once its result is stored.
 */
export class ResultWriter {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Sqlite,
    private readonly thresholds: () => StateThresholds,
    private readonly onStateChanges: (changes: StateChange[]) => void = () => undefined,
    private readonly options: { flushMs: number; maxBatch: number; afterFlush?: (routeIds: number[]) => void } = { flushMs: 200, maxBatch: 500 },
  ) {}

  write(item: ResultToRecord): Promise<StateChange[]> {
    if (this.closed) return Promise.reject(new Error("the result writer is closed"));
    return new Promise((done, failed) => {
      this.pending.push({ item, done, failed });
      if (this.pending.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
    });
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let changes: StateChange[];
    try {
      changes = recordResults(this.db, batch.map((entry) => entry.item), this.thresholds());
    } catch (error) {
      for (const entry of batch) entry.failed(error);
      return;
    }
    for (const entry of batch) entry.done(changes.filter((change) => change.routeId === entry.item.routeId));
    // The results are stored: what follows may fail on its own, but never
    // silently (alerts catch up from the stored events on their next tick).
    if (changes.length) this.afterCommit("handling state changes", () => this.onStateChanges(changes));
    this.afterCommit("refreshing after the write", () => this.options.afterFlush?.([...new Set(batch.map((entry) => entry.item.routeId))]));
  }

  private afterCommit(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      log.error(`${what} failed after the results were stored`, { error: String(error) });
    }
  }

  /** Stores what is waiting and refuses anything later. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
