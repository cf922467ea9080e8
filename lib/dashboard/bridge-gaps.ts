/**
 * What a chart draws for one series of steps. Rollup steps without any probe
 * are holes; a route probed less often than the chart's step (hourly probes
 * on a 15-minute step) leaves a hole between every two points, and a chart
 * that breaks its line at each one looks like a comb. So a hole no longer
 * than a few steps (and no longer than about two of the route's own probe
 * spacings) is bridged: its values are interpolated between its neighbours
 * and marked `bridged`. A longer hole (nothing probed for a while) stays a
 * gap. A value with nothing drawn on either side is marked `isolated`, so the
 * chart draws it as a dot (a line through one point draws nothing).
 */
export interface ShapedPoint<K extends string> {
  /** Start of the step (ISO). */
  t: string;
  values: Record<K, number | null>;
  /** Values filled in across a short hole, not measured. */
  bridged: boolean;
  /** Keys whose value stands alone (no drawn neighbour): draw a dot. */
  isolated: K[];
}

export interface StepInput<K extends string> {
  t: string;
  /** Whether any probe ran in this step: only steps without probes are holes to bridge. */
  probed: boolean;
  values: Record<K, number | null>;
}

/** Bridge holes up to this many steps apart, at least. */
export const MIN_BRIDGE_STEPS = 3;

/**
 * The longest distance (in steps, between two probed steps) that is still
 * bridged: at least MIN_BRIDGE_STEPS, or twice the usual distance between
 * probed steps (the median), so one missed probe is bridged and a pause is not.
 */
export function bridgeLimit(probed: readonly boolean[]): number {
  const at = probed.flatMap((value, index) => (value ? [index] : []));
  const distances = at.slice(1).map((index, i) => index - at[i]!).sort((a, b) => a - b);
  if (distances.length === 0) return MIN_BRIDGE_STEPS;
  const median = distances[Math.floor((distances.length - 1) / 2)]!;
  return Math.max(MIN_BRIDGE_STEPS, 2 * median);
}

export function bridgeGaps<K extends string>(steps: ReadonlyArray<StepInput<K>>, keys: readonly K[]): Array<ShapedPoint<K>> {
  const limit = bridgeLimit(steps.map((step) => step.probed));
  const out: Array<ShapedPoint<K>> = steps.map((step) => ({ t: step.t, values: { ...step.values }, bridged: false, isolated: [] }));
  // Holes are runs of unprobed steps between two probed ones.
  let previous = -1;
  steps.forEach((step, index) => {
    if (!step.probed) return;
    if (previous >= 0 && index - previous > 1 && index - previous <= limit) {
      for (const key of keys) {
        const from = steps[previous]!.values[key];
        const to = step.values[key];
        if (from === null || to === null) continue;
        for (let hole = previous + 1; hole < index; hole += 1) {
          const share = (hole - previous) / (index - previous);
          out[hole]!.values[key] = Math.round((from + (to - from) * share) * 100) / 100;
          out[hole]!.bridged = true;
        }
      }
    }
    previous = index;
  });
  for (const key of keys) {
    out.forEach((point, index) => {
      if (point.values[key] === null || point.bridged) return;
      const before = out[index - 1]?.values[key] ?? null;
      const after = out[index + 1]?.values[key] ?? null;
      if (before === null && after === null) point.isolated.push(key);
    });
  }
  return out;
}
