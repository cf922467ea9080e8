export interface CapacityRoute {
  intervalMs: number;
  timeoutMs: number;
}

export interface CapacityReport {
  routes: number;
  concurrency: number;
  /** Probes that would be running at once, on average, if every probe hung until its timeout. */
  slotsNeeded: number;
  /** Roughly how often each route is then probed, against what it asks for (the shortest interval). */
  worstIntervalMs: number;
  plannedIntervalMs: number;
}

/**
 * Whether the configured probes fit when the upstream hangs: every probe
 * then holds one of `concurrency` slots for its whole timeout, so routes need
 * Σ timeout/interval slots (timeout × routes ÷ interval when all are alike).
 * More than `concurrency` and the queue outgrows the interval: probes start
 * late and whole slots are skipped. Null when it fits.
 */
export function checkCapacity(routes: CapacityRoute[], concurrency: number): CapacityReport | null {
  if (routes.length === 0 || concurrency <= 0) return null;
  const slotsNeeded = routes.reduce((sum, route) => sum + route.timeoutMs / route.intervalMs, 0);
  if (slotsNeeded <= concurrency) return null;
  const plannedIntervalMs = Math.min(...routes.map((route) => route.intervalMs));
  const longestTimeoutMs = Math.max(...routes.map((route) => route.timeoutMs));
  // One round of every route through the queue, at `concurrency` at a time.
  const worstIntervalMs = Math.max(plannedIntervalMs, Math.ceil(routes.length / concurrency) * longestTimeoutMs);
  return { routes: routes.length, concurrency, slotsNeeded, worstIntervalMs, plannedIntervalMs };
}

export function describeCapacity(report: CapacityReport): string {
  return (
    `${report.routes} route(s) cannot all be probed on time when probes hang until their timeout: ` +
    `they would need ${Math.ceil(report.slotsNeeded)} probes at once but concurrency is ${report.concurrency}, ` +
    `so each route would be probed about every ${Math.round(report.worstIntervalMs / 1000)} s instead of ${Math.round(report.plannedIntervalMs / 1000)} s ` +
    `(skipped slots are counted per route). Raise concurrency, lower timeoutMs or lengthen the interval.`
  );
}
