import { isStorageError, type StorageReporter } from "../db/storage-health";
import type { ResultStore, ResultToRecord, StateChange, StoredStreamBatch, StreamBatch } from "../db/store/result-store";
import { log } from "../log";
import type { StateThresholds } from "./route-state";

interface Pending {
  item: ResultToRecord;
  done: (changes: StateChange[]) => void;
  failed: (error: unknown) => void;
}

interface Held {
  item: ResultToRecord;
  heldAt: number;
}

export interface ResultWriterOptions {
  flushMs: number;
  maxBatch: number;
  /** After each stored batch, before its writers are answered: the routes it touched and the results themselves. */
  afterFlush?: (routeIds: number[], items: ResultToRecord[]) => void | Promise<void>;
  /** Told how each write went, so storage failures are logged once and shown. */
  storage?: StorageReporter;
  /** While the storage fails: how often to try again, and how much to hold meanwhile. */
  retryMs?: number;
  maxHeld?: number;
  maxHeldMs?: number;
  now?: () => number;
}

export const MAX_HELD_RESULTS = 50_000;
export const MAX_HELD_MS = 10 * 60_000;

/**
 * Batches probe results into one transaction per flush (every `flushMs`, or
 * sooner when `maxBatch` are waiting), so thousands of routes cost a handful
 * of writes a second. `write` resolves once its result is stored, or once it
 * is held in memory because the storage is failing (full disk, read-only
 * file): held results are written, oldest first, when a retry succeeds, up to
 * `maxHeld` results or `maxHeldMs` old; past that the oldest are dropped
 * (and counted in the log) so a long outage cannot exhaust memory. Flushes
 * run one at a time, in order.
 */
export class ResultWriter {
  private pending: Pending[] = [];
  private held: Held[] = [];
  private retryAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The flush in progress (each waits for the one before). */
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly results: ResultStore,
    private readonly thresholds: () => StateThresholds,
    private readonly onStateChanges: (changes: StateChange[]) => void | Promise<void> = () => undefined,
    private readonly options: ResultWriterOptions = { flushMs: 200, maxBatch: 500 },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Results held in memory until the storage takes writes again. */
  get heldCount(): number {
    return this.held.length;
  }

  write(item: ResultToRecord): Promise<StateChange[]> {
    if (this.closed) return Promise.reject(new Error("the result writer is closed"));
    return new Promise((done, failed) => {
      if (this.held.length > 0) {
        // The storage is failing: hold it now rather than wait for the next retry.
        this.hold([{ item, done, failed }]);
        this.scheduleRetry();
        return;
      }
      this.pending.push({ item, done, failed });
      if (this.pending.length >= this.options.maxBatch) this.flushInBackground();
      else this.timer ??= setTimeout(() => this.flushInBackground(), this.options.flushMs);
    });
  }

  /** Writes what is waiting; while results are held, retries them at most every `retryMs` unless `force`d. */
  flush(force = false): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const run = this.flushing.then(() => this.writeBatch(batch, force));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /**
   * Stores a probe agent's batch now, its stream position and its unseen
   * results in one transaction, then the same after-flush work as a batched
   * write. Throws when the storage refuses (nothing is held: the agent sends
   * again).
   */
  async storeStream(batch: StreamBatch): Promise<StoredStreamBatch> {
    if (this.closed) throw new Error("the result writer is closed");
    const stored = await this.results.recordStream(batch, this.thresholds());
    if (stored.stored.length) {
      this.options.storage?.report("results", null, this.now());
      await this.afterStored(stored.stored);
      await this.announce(stored.changes);
    }
    return stored;
  }

  /** Stores what is waiting (one last try for held results) and refuses anything later. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush(true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.held.length) log.error(`${this.held.length} probe result(s) could not be stored before stopping (the database cannot be written)`);
    this.held = [];
  }

  private flushInBackground(): void {
    this.flush().catch((error: unknown) => log.error("storing probe results failed", { error: String(error) }));
  }

  private async writeBatch(batch: Pending[], force: boolean): Promise<void> {
    if (this.held.length > 0) {
      // Keep arrival order: new results queue behind the held ones.
      this.hold(batch);
      if (force || this.now() >= this.retryAt) await this.retryHeld();
      else this.scheduleRetry();
      return;
    }
    if (batch.length === 0) return;
    const items = batch.map((entry) => entry.item);
    let changes: StateChange[];
    try {
      changes = await this.results.record(items, this.thresholds(), Date.now());
    } catch (error) {
      if (!isStorageError(error)) {
        for (const entry of batch) entry.failed(error);
        return;
      }
      this.hold(batch);
      this.retryLater(error);
      return;
    }
    this.options.storage?.report("results", null, this.now());
    // Summaries first: a writer answered (a "probe now") reads them next.
    await this.afterStored(items);
    for (const entry of batch) entry.done(changes.filter((change) => change.routeId === entry.item.routeId));
    await this.announce(changes);
  }

  // The results are stored: what follows may fail on its own, but never
  // silently (alerts catch up from the stored events on their next tick).
  private async announce(changes: StateChange[]): Promise<void> {
    if (!changes.length) return;
    try {
      await this.onStateChanges(changes);
    } catch (error) {
      log.error("handling state changes failed after the results were stored", { error: String(error) });
    }
  }

  private async afterStored(items: ResultToRecord[]): Promise<void> {
    if (!this.options.afterFlush) return;
    try {
      await this.options.afterFlush([...new Set(items.map((item) => item.routeId))], items);
      this.options.storage?.report("summaries", null, this.now());
    } catch (error) {
      // The results are stored; only the derived summaries are behind.
      if (isStorageError(error)) this.options.storage?.report("summaries", error, this.now());
      else log.error("updating route summaries failed", { error: String(error) });
    }
  }

  private hold(batch: Pending[]): void {
    const now = this.now();
    for (const entry of batch) {
      this.held.push({ item: entry.item, heldAt: now });
      // Probing goes on: the prober does not wait for the disk to return.
      entry.done([]);
    }
    const maxHeld = this.options.maxHeld ?? MAX_HELD_RESULTS;
    const maxHeldMs = this.options.maxHeldMs ?? MAX_HELD_MS;
    let drop = Math.max(0, this.held.length - maxHeld);
    while (drop < this.held.length && now - this.held[drop]!.heldAt > maxHeldMs) drop++;
    if (drop > 0) {
      this.held.splice(0, drop);
      log.error(`dropped the ${drop} oldest probe result(s) held in memory while the database cannot be written (limits: ${maxHeld} results, ${Math.round(maxHeldMs / 60_000)} min)`);
    }
  }

  private async retryHeld(): Promise<void> {
    const items = this.held.map((entry) => entry.item);
    let changes: StateChange[];
    try {
      changes = await this.results.record(items, this.thresholds(), Date.now());
    } catch (error) {
      if (isStorageError(error)) this.retryLater(error);
      else {
        log.error(`dropped ${items.length} held probe result(s) that cannot be stored`, { error: String(error) });
        this.held = [];
      }
      return;
    }
    this.held = [];
    this.options.storage?.report("results", null, this.now());
    log.info(`stored ${items.length} probe result(s) held in memory while the database could not be written`);
    await this.afterStored(items);
    await this.announce(changes);
  }

  /** The storage refused the held results: say so (once, via the storage health) and try again in `retryMs`. */
  private retryLater(error: unknown): void {
    this.options.storage?.report("results", error, this.now());
    this.retryAt = this.now() + (this.options.retryMs ?? 2000);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => this.flushInBackground(), Math.max(0, this.retryAt - this.now()));
  }
}
