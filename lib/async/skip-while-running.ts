/** A timer's callback that skips a call while the previous run goes on; `idle()` waits for the run in flight. */
export interface SkippingTask {
  (): void;
  idle(): Promise<void>;
}

/**
 * For a timer whose work is asynchronous: a call while the previous run has
 * not ended is skipped, so that runs never overlap or pile up (a slow disk,
 * a slow database). `run` must not reject: it handles its own errors.
 */
export function skipWhileRunning(run: () => Promise<void>): SkippingTask {
  let running: Promise<void> | null = null;
  const task = () => {
    if (running) return;
    running = run().finally(() => {
      running = null;
    });
  };
  return Object.assign(task, { idle: async () => void (await running) });
}
