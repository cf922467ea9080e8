import { describe, expect, it } from "vitest";
import { WindowEvents } from "@/lib/monitoring/window-events";

function lcg(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

const MINUTE = 60_000;

interface Event {
  minute: number;
  code: number;
  ms: number;
}

/** The reference: a plain list in minute order, a late result after those of its own minute. */
function insertInto(model: Event[], event: Event): void {
  let at = model.length;
  while (at > 0 && model[at - 1]!.minute > event.minute) at--;
  model.splice(at, 0, event);
}

function extremes(model: Event[]): [number, number] {
  const known = model.map((event) => event.ms).filter((ms) => !Number.isNaN(ms));
  return known.length ? [Math.min(...known), Math.max(...known)] : [Number.NaN, Number.NaN];
}

describe("WindowEvents", () => {
  // Shapes of a route's 1h window: one result a minute; several a minute; many late ones; extremes repeated (equal latencies leaving one by one); minutes far apart.
  it.each([
    { name: "one result a minute", seed: 1, perMinute: 1, lateShare: 0, equalShare: 0 },
    { name: "six a minute", seed: 2, perMinute: 6, lateShare: 0, equalShare: 0 },
    { name: "late results", seed: 3, perMinute: 3, lateShare: 0.3, equalShare: 0 },
    { name: "equal latencies (the extreme held by several results)", seed: 4, perMinute: 2, lateShare: 0.1, equalShare: 0.6 },
    { name: "failures only now and then (no latency)", seed: 5, perMinute: 1, lateShare: 0.05, equalShare: 0.1 },
  ])("keeps minute order, codes and min/max as a plain list does: $name", ({ seed, perMinute, lateShare, equalShare }) => {
    const random = lcg(seed);
    const events = new WindowEvents();
    const model: Event[] = [];
    let minute = 29_000_000 * MINUTE;
    for (let step = 0; step < 600; step++) {
      minute += MINUTE;
      for (let n = 0; n < perMinute; n++) {
        const late = random() < lateShare ? Math.floor(random() * 70) * MINUTE : 0;
        const failed = random() < 0.1;
        const code = failed ? -1 : Math.floor(random() * 120);
        const ms = failed ? Number.NaN : random() < equalShare ? 250 : Math.round(random() * 30_000 * 100) / 100;
        const event = { minute: minute - late, code, ms };
        events.insert(event.minute, event.code, event.ms);
        insertInto(model, event);
      }
      // The window slides: results before its start leave, oldest first, with their codes.
      const start = minute - 59 * MINUTE;
      while (events.startsBefore(start)) {
        expect(model[0]!.minute).toBeLessThan(start);
        expect(events.shift()).toBe(model.shift()!.code);
      }
      expect(model.length === 0 || model[0]!.minute >= start).toBe(true);
      expect(events.size).toBe(model.length);
      expect([events.minMs(), events.maxMs()]).toEqual(extremes(model));
    }
    // Emptied: nothing left, no extremes.
    while (events.startsBefore(minute + MINUTE)) expect(events.shift()).toBe(model.shift()!.code);
    expect([events.size, events.minMs(), events.maxMs()]).toEqual([0, Number.NaN, Number.NaN]);
  });

  it.each([
    [-1, "a failure"],
    [0, "≤ 1 ms"],
    [7447, "the highest bucket of a finite latency"],
  ])("packs code %i (%s) with its minute and gives it back", (code) => {
    const events = new WindowEvents();
    events.insert(29_500_123 * MINUTE, code, Number.NaN);
    expect(events.startsBefore(29_500_123 * MINUTE)).toBe(false);
    expect(events.startsBefore(29_500_124 * MINUTE)).toBe(true);
    expect(events.shift()).toBe(code);
  });
});
