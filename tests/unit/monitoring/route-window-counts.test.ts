import { describe, expect, it } from "vitest";
import { bucketIndex, quantile, type LatencyHistogram } from "@/lib/monitoring/latency-histogram";
import { RouteWindowCounts, WINDOWS } from "@/lib/monitoring/route-window-counts";
import { FIGURES, OK, P50, P50_HIGH, P50_LOW, P95, P95_HIGH, P95_LOW, P99, PER_WINDOW, TOTAL } from "@/lib/monitoring/summary-deadband";

function lcg(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

/** One slot's window, as the full recompute would hold it. */
interface Reference {
  total: number;
  ok: number;
  hist: LatencyHistogram;
}

const none = (value: number | null) => value ?? Number.NaN;

describe("RouteWindowCounts", () => {
  // Each case drives slots through adds, subtractions, whole rollup slices, releases and reuse, with latencies that
  // make the shared histogram grow (a bucket past every earlier one moves every slot's runs).
  it.each([
    { name: "fast routes, a few slots", seed: 1, slots: 3, maxMs: 2_000 },
    { name: "latencies up to a day (the buckets grow several times)", seed: 2, slots: 5, maxMs: 86_400_000 },
    { name: "sub-millisecond and huge latencies", seed: 3, slots: 4, maxMs: 1e12 },
    { name: "many slots (the slots grow), released and reused", seed: 4, slots: 150, maxMs: 60_000 },
  ])("gives each window the full recompute's counts, quantiles and one-result bands: $name", ({ seed, slots, maxMs }) => {
    const random = lcg(seed);
    const counts = new RouteWindowCounts();
    const refs = new Map<number, Reference[]>();
    const fresh = () => Array.from({ length: WINDOWS }, () => ({ total: 0, ok: 0, hist: {} }));
    refs.set(counts.allocate(), fresh());
    const latency = () => (random() < 0.1 ? random() : random() < 0.5 ? 150 + random() * 100 : random() * maxMs);
    const out = new Float64Array(FIGURES);
    for (let step = 0; step < 3000; step++) {
      const live = [...refs.keys()];
      const slot = live[Math.floor(random() * live.length)]!;
      const window = Math.floor(random() * WINDOWS);
      const ref = refs.get(slot)![window]!;
      const roll = random();
      if (roll < 0.04 && refs.size < slots) {
        // A route new here: the slots grow as they fill (every slot's counts move then).
        refs.set(counts.allocate(), fresh());
        continue;
      }
      if (roll < 0.05) {
        // A route forgotten and another one given its slot: it starts empty.
        counts.release(slot);
        refs.delete(slot);
        refs.set(counts.allocate(), fresh());
        continue;
      }
      if (roll < 0.12) {
        // A rollup row entering, or one added earlier leaving.
        const hist: LatencyHistogram = {};
        for (let n = Math.floor(random() * 5); n > 0; n--) {
          const index = bucketIndex(latency());
          hist[index] = (hist[index] ?? 0) + 1;
        }
        const okCount = Object.values(hist).reduce((sum, count) => sum + count, 0);
        const slice = { total: okCount + Math.floor(random() * 2), okCount, hist, min: null, max: null };
        counts.addSlice(slot, window, slice, 1);
        add(ref, slice.total, slice.okCount, hist, 1);
        if (random() < 0.5) {
          counts.addSlice(slot, window, slice, -1);
          add(ref, slice.total, slice.okCount, hist, -1);
        }
      } else {
        const failed = random() < 0.1;
        const index = failed ? -1 : bucketIndex(latency());
        counts.addResult(slot, window, index, 1);
        add(ref, 1, failed ? 0 : 1, failed ? {} : { [index]: 1 }, 1);
      }
      // Extremes as the windows' observed min/max would clamp them (any values do for the arithmetic).
      const min = random() < 0.3 ? null : random() * 300;
      const max = random() < 0.3 ? null : 200 + random() * maxMs;
      counts.figuresInto(out, slot, window, min, max);
      counts.bandsInto(out, slot, window, min, max);
      const at = window * PER_WINDOW;
      const observed = { min, max };
      expect(counts.total(slot, window)).toBe(ref.total);
      expect([out[at + TOTAL], out[at + OK]]).toEqual([ref.total, ref.ok]);
      expect([out[at + P50], out[at + P95], out[at + P99]]).toEqual([0.5, 0.95, 0.99].map((q) => none(quantile(ref.hist, q, observed))));
      const step1 = ref.ok > 0 ? 1 / ref.ok : 0;
      expect([out[at + P50_LOW], out[at + P50_HIGH], out[at + P95_LOW], out[at + P95_HIGH]]).toEqual(
        [Math.max(0, 0.5 - step1), 0.5 + step1, 0.95 - step1, Math.min(1, 0.95 + step1)].map((q) => none(quantile(ref.hist, q, observed))),
      );
    }
  });
});

function add(ref: Reference, total: number, ok: number, hist: LatencyHistogram, sign: 1 | -1): void {
  ref.total += sign * total;
  ref.ok += sign * ok;
  for (const [index, count] of Object.entries(hist)) {
    const key = Number(index);
    ref.hist[key] = (ref.hist[key] ?? 0) + sign * count;
    if (ref.hist[key] === 0) delete ref.hist[key];
  }
}
