import { performance } from "node:perf_hooks";

/** Where an exchange currently is; a deadline that fires is classified by it. */
export type ExchangePhase = "start" | "dns" | "connect" | "tunnel" | "tls" | "waiting" | "body" | "done";

type Mark =
  | "start"
  | "networkStart"
  | "dnsStart"
  | "dnsEnd"
  | "connectStart"
  | "connectEnd"
  | "tunnelStart"
  | "tunnelEnd"
  | "tlsStart"
  | "tlsEnd"
  | "requestSent"
  | "firstByte"
  | "end";

export interface ProbeTimings {
  dnsMs: number | null;
  connectMs: number | null;
  tunnelMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  totalMs: number | null;
}

/**
 * The clock of one exchange: the connector and the HTTP layer stamp marks on it
 * as they happen, and the current phase tells where a deadline caught it.
 */
export class ExchangeTrace {
  phase: ExchangePhase = "start";
  /** True once a proxy accepted the tunnel: later failures happened beyond it. */
  tunnelEstablished = false;
  /** When the exchange's deadline fires (performance.now() time), once known: steps that need their own timeout stay within it. */
  deadlineAt: number | null = null;
  private readonly marks = new Map<Mark, number>();

  constructor() {
    this.mark("start");
  }

  mark(name: Mark): void {
    this.marks.set(name, performance.now());
  }

  enter(phase: ExchangePhase, startMark?: Mark): void {
    this.phase = phase;
    if (startMark) this.mark(startMark);
  }

  /** Milliseconds left before the deadline, or null when there is none. */
  remainingMs(): number | null {
    return this.deadlineAt === null ? null : Math.max(0, this.deadlineAt - performance.now());
  }

  has(name: Mark): boolean {
    return this.marks.has(name);
  }

  /** When a mark was stamped (performance.now() time), or null. */
  timeOf(name: Mark): number | null {
    return this.marks.get(name) ?? null;
  }

  timings(): ProbeTimings {
    return {
      dnsMs: this.span("dnsStart", "dnsEnd"),
      connectMs: this.span("connectStart", "connectEnd"),
      tunnelMs: this.span("tunnelStart", "tunnelEnd"),
      tlsMs: this.span("tlsStart", "tlsEnd"),
      ttfbMs: this.span("requestSent", "firstByte"),
      // Like curl's time_total: from the moment the exchange reaches the network
      // (not the SDK's request building before it) to the last body byte.
      totalMs: this.span(this.has("networkStart") ? "networkStart" : "start", "end"),
    };
  }

  private span(from: Mark, to: Mark): number | null {
    const a = this.marks.get(from);
    const b = this.marks.get(to);
    if (a === undefined || b === undefined) return null;
    return Math.round((b - a) * 100) / 100;
  }
}

export const EMPTY_TIMINGS: ProbeTimings = {
  dnsMs: null,
  connectMs: null,
  tunnelMs: null,
  tlsMs: null,
  ttfbMs: null,
  totalMs: null,
};
