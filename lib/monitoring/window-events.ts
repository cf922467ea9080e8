const MINUTE_MS = 60_000;
/** A result's code (its latency bucket, -1 failed) plus one, packed below its minute: bucket indexes stay under 7,500 for any finite latency. */
const CODES = 8192;
const STRIDE = 2;

/**
 * One route's results in its 1h window, in minute order, so that they can
 * be subtracted as they leave it: per result its minute and code packed in
 * one number and its latency (NaN when unknown), in one typed array used
 * from `head` (one object per route, and adding or dropping a result
 * allocates nothing). The window's minimum and maximum latency are read
 * from the latencies kept here (a minute rollup row read at start
 * contributes its minimum and maximum on two of its results), which makes
 * sliding minima for this window unnecessary.
 */
export class WindowEvents {
  private data = new Float64Array(16 * STRIDE);
  private head = 0;
  private end = 0;

  get size(): number {
    return (this.end - this.head) / STRIDE;
  }

  /** Adds a result in its place (a late one goes before later minutes). `ms`: its latency, NaN when not known or failed. */
  insert(minute: number, code: number, ms: number): void {
    if (this.end === this.data.length) this.makeRoom();
    const key = (minute / MINUTE_MS) * CODES + code + 1;
    const after = (minute / MINUTE_MS + 1) * CODES;
    const data = this.data;
    let at = this.end;
    while (at > this.head && data[at - STRIDE]! >= after) at -= STRIDE;
    if (at < this.end) data.copyWithin(at + STRIDE, at, this.end);
    data[at] = key;
    data[at + 1] = ms;
    this.end += STRIDE;
  }

  /** Whether the oldest result's minute is before `minute`. */
  startsBefore(minute: number): boolean {
    return this.end > this.head && this.data[this.head]! < (minute / MINUTE_MS) * CODES;
  }

  /** Drops the oldest result and returns its code. */
  shift(): number {
    const key = this.data[this.head]!;
    this.head += STRIDE;
    if (this.head === this.end) this.head = this.end = 0;
    return (key % CODES) - 1;
  }

  /** The lowest and highest known latency (NaN when none). */
  minMs(): number {
    let low = Number.NaN;
    for (let at = this.head + 1; at < this.end; at += STRIDE) if (this.data[at]! < low || low !== low) low = this.data[at]!;
    return low;
  }

  maxMs(): number {
    let high = Number.NaN;
    for (let at = this.head + 1; at < this.end; at += STRIDE) if (this.data[at]! > high || high !== high) high = this.data[at]!;
    return high;
  }

  private makeRoom(): void {
    const used = this.end - this.head;
    // Move to the front when at least a quarter is free there, otherwise double.
    const data = this.head * 4 >= this.data.length ? this.data : new Float64Array(this.data.length * 2);
    if (data === this.data) data.copyWithin(0, this.head, this.end);
    else data.set(this.data.subarray(this.head, this.end));
    this.data = data;
    this.head = 0;
    this.end = used;
  }
}
