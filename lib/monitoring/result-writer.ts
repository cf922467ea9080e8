import type { Sqlite } from "../db/sqlite";
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
    try {
      const changes = recordResults(this.db, batch.map((entry) => entry.item), this.thresholds());
      for (const entry of batch) entry.done(changes.filter((change) => change.routeId === entry.item.routeId));
      if (changes.length) this.onStateChanges(changes);
      this.options.afterFlush?.([...new Set(batch.map((entry) => entry.item.routeId))]);
    } catch (error) {
      for (const entry of batch) entry.failed(error);
    }
  }

  /** Stores what is waiting and refuses anything later. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
