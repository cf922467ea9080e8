import { performance } from "node:perf_hooks";

/** Time as the scheduler sees it: injectable, so its decisions can be tested. */
export interface Clock {
  /**
   * Milliseconds on a clock that never steps (it starts anywhere): what the
   * scheduler plans with, so setting the system clock back an hour (NTP, a
   * VM resumed, a user) neither stops probing for an hour nor bunches it up.
   */
  monotonic(): number;
  /** Wall-clock milliseconds since the epoch: for what other processes read (the lease row). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  monotonic: () => performance.now(),
  now: () => Date.now(),
  // Not unref'd: in the worker, the scheduler's timers are what keeps the process alive.
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
