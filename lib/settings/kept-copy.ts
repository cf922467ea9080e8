import { log } from "../log";

/**
 * A configuration value read through Prisma and kept in memory, for code that
 * reads it synchronously and often: the result writer takes the alert rules
 * for every write batch, the alert engine the maintenance windows for every
 * event. A Prisma read is asynchronous, and a read per batch is what the
 * kept copy saves. It is read at start, again at once after a change made
 * through this process (`set`, `refresh`), and every few seconds for a change
 * made by another process on the same database (the web server and
 * `npm run worker`).
 */
export class KeptCopy<T> {
  private value: T;
  /** Each read and set takes a number: a read that started before a newer value arrived does not put the older one back. */
  private issued = 0;
  private applied = 0;
  private readonly reads = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    /** What it holds, for the log ("the alert rules"). */
    private readonly what: string,
    private readonly read: () => Promise<T>,
    initial: T,
  ) {
    this.value = initial;
  }

  current(): T {
    return this.value;
  }

  /** The value just saved by this process. */
  set(value: T): void {
    this.apply(++this.issued, value);
  }

  /** Reads the value again; rejects (and keeps the last copy) when the read fails. */
  refresh(): Promise<void> {
    const ticket = ++this.issued;
    const reading = this.read().then((value) => this.apply(ticket, value));
    this.reads.add(reading);
    return reading.finally(() => this.reads.delete(reading));
  }

  /**
   * Reads the value again and never rejects: a failure is logged (once until
   * a read works again) and the last copy stays in force. For callers whose
   * own work is done already (a window was just saved) and for the timer.
   */
  async refreshOrLog(): Promise<void> {
    try {
      await this.refresh();
      if (this.failing) log.info(`reading ${this.what} works again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) log.warn(`reading ${this.what} failed: the last copy stays in force until a read works`, { error: String(error) });
      this.failing = true;
    }
  }

  /** Reads again every `everyMs`, one read at a time. */
  refreshEvery(everyMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (this.reads.size === 0) void this.refreshOrLog();
    }, everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a read in flight (before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.reads]);
  }

  private apply(ticket: number, value: T): void {
    if (ticket < this.applied) return;
    this.applied = ticket;
    this.value = value;
  }
}
