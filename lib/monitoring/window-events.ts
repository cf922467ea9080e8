const MINUTE_MS = 60_000;
/** A result's code (its latency bucket, -1 failed) plus one, packed below its minute: bucket indexes stay under 7,500 for any finite latency. */
const CODES = 8192;
const STRIDE = 2;

/**
 * One route's results in its 1h window, in minute order, so that they can
 * be subtracted as they leave it: per result its minute and code packed in
 * one number, then its latency (NaN when unknown), in one array of doubles
 * used from `head` (one object per route; dropping a result moves
 * nothing). The window's minimum and maximum latency are kept from these
 * latencies (a minute rollup row read at start puts its minimum and maximum
 * on two of its results), rescanned only when a result holding one leaves.
 */
export class WindowEvents {
  private data: number[] = [];
  private head = 0;
  private low = Number.NaN;
  private high = Number.NaN;
  /** A result holding the minimum or maximum left: they are rescanned when next asked. */
  private stale = false;

  get size(): number {
    return (this.data.length - this.head) / STRIDE;
  }

  /** Adds a result in its place (a late one goes before later minutes). `ms`: its latency, NaN when not known or failed. */
  insert(minute: number, code: number, ms: number): void {
    const data = this.data;
    const key = (minute / MINUTE_MS) * CODES + code + 1;
    const after = (minute / MINUTE_MS + 1) * CODES;
    let at = data.length;
    while (at > this.head && data[at - STRIDE]! >= after) at -= STRIDE;
    if (at === data.length) data.push(key, ms);
    else data.splice(at, 0, key, ms);
    if (!this.stale && ms === ms) {
      if (!(ms >= this.low)) this.low = ms;
      if (!(ms <= this.high)) this.high = ms;
    }
  }

  /** Whether the oldest result's minute is before `minute`. */
  startsBefore(minute: number): boolean {
    return this.head < this.data.length && this.data[this.head]! < (minute / MINUTE_MS) * CODES;
  }

  /** Drops the oldest result and returns its code. */
  shift(): number {
    const data = this.data;
    const key = data[this.head]!;
    const ms = data[this.head + 1]!;
    if (ms === this.low || ms === this.high) this.stale = true;
    this.head += STRIDE;
    if (this.head === data.length) {
      data.length = this.head = 0;
      this.low = this.high = Number.NaN;
      this.stale = false;
    } else if (this.head >= 64 && this.head * 2 >= data.length) {
      // Compacts once at least half is dropped (each result is moved about once).
      data.copyWithin(0, this.head);
      data.length -= this.head;
      this.head = 0;
    }
    return (key % CODES) - 1;
  }

  /** The lowest known latency (NaN when none). */
  minMs(): number {
    if (this.stale) this.rescan();
    return this.low;
  }

  /** The highest known latency (NaN when none). */
  maxMs(): number {
    if (this.stale) this.rescan();
    return this.high;
  }

  private rescan(): void {
    let low = Number.NaN;
    let high = Number.NaN;
    const data = this.data;
    for (let at = this.head + 1; at < data.length; at += STRIDE) {
      const ms = data[at]!;
      if (ms !== ms) continue;
      if (!(ms >= low)) low = ms;
      if (!(ms <= high)) high = ms;
    }
    this.low = low;
    this.high = high;
    this.stale = false;
  }
}
