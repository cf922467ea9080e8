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
 * Whether `work` settled within `ms` (it goes on either way): a caller that
 * must answer in time (a readiness probe) stops waiting for a database that
 * does not answer. Leaves no timer behind.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}
