import type { Store } from "../db/store/store";
import { bucketStart } from "../monitoring/rollup-bucket";
import { tokensPerSecond } from "../probe/stream-facts";

/** One step of a streaming route's chart: time to first token and output speed of its streams. */
export interface StreamPoint {
  t: string;
  /** Streams measured in the step (their time to first token known). */
  streams: number;
  ttftP50: number | null;
  ttftP95: number | null;
  /** The median of the streams' output tokens per second. */
  tokensPerSecond: number | null;
}

/**
 * A streaming route's stream figures per step between `from` and `to`, read
 * from its raw results (the rollups keep phase times, not stream figures),
 * so only as far back as raw results are kept. One point per step, empty
 * steps included, aligned with the route's other charts.
 */
export async function getStreamSeries(store: Store, routeId: number, from: number, to: number, stepMs: number): Promise<StreamPoint[]> {
  const start = bucketStart(from, stepMs);
  const rows = await store.history.listStreamSamples({ routeId, from: start, to });
  const steps = Math.max(0, Math.ceil((to - start) / stepMs));
  const ttfts: number[][] = Array.from({ length: steps }, () => []);
  const speeds: number[][] = Array.from({ length: steps }, () => []);
  for (const row of rows) {
    const step = Math.floor((row.at - start) / stepMs);
    if (step < 0 || step >= steps) continue;
    ttfts[step]!.push(row.ttftMs);
    const speed = tokensPerSecond(row.completionTokens, row.streamMs);
    if (speed !== null) speeds[step]!.push(speed);
  }
  return ttfts.map((values, step) => ({
    t: new Date(start + step * stepMs).toISOString(),
    streams: values.length,
    ttftP50: nearestRank(values, 0.5),
    ttftP95: nearestRank(values, 0.95),
    tokensPerSecond: round(nearestRank(speeds[step]!, 0.5)),
  }));
}

/** The value at or under which the share `q` of the samples lie (nearest rank), rounded to 0.1; null without samples. */
function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!);
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
