/**
 * Waits until `work` settles (all of it, when a list), or `ms` at most:
 * graceful stops bound how long they wait for what is in flight. Never
 * rejects, and leaves no timer behind.
 */
export async function settleWithin(work: Promise<unknown> | Array<Promise<unknown>>, ms: number): Promise<void> {
  const all = Array.isArray(work) ? work : [work];
  if (!all.length || ms <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(all), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * What `work` gives within `ms`, else `fallback` (the work goes on either
 * way): a caller that must answer in time (a readiness probe) stops waiting
 * for a database that does not answer. `work` must not reject. Leaves no
 * timer behind.
 */
export async function valueWithin<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const value = await Promise.race([work, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]);
  clearTimeout(timer);
  return value;
}
