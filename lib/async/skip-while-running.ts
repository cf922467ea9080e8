/**
 * For a timer whose work is asynchronous: a call while the previous run has
 * not ended is skipped, so that runs never overlap or pile up (a slow disk,
 * a slow database). `run` must not reject: it handles its own errors.
 */
export function skipWhileRunning(run: () => Promise<void>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void run().finally(() => {
      running = false;
    });
  };
}
