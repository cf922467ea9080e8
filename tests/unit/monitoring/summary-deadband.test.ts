import { describe, expect, it } from "vitest";
import { DEFAULT_DEADBAND, FIGURES, movedMaterially, NO_DEADBAND, OK, P50, P50_HIGH, P50_LOW, P95, P95_HIGH, P95_LOW, P99, PER_WINDOW, TOTAL } from "@/lib/monitoring/summary-deadband";

interface Window {
  total: number;
  ok: number;
  p50?: number | null;
  p95?: number | null;
  /** The one-result bands [low, high] of p50 and p95 (default: the quantile itself). */
  band50?: [number, number];
  band95?: [number, number];
}

const steady: Window = { total: 60, ok: 60, p50: 200, p95: 400 };
const day: Window = { total: 1440, ok: 1440, p50: 200, p95: 400 };
const week: Window = { total: 10080, ok: 10080, p50: 200, p95: 400 };

function figures(windows: [Window, Window, Window]): Float64Array {
  const out = new Float64Array(FIGURES);
  windows.forEach((window, index) => {
    const at = index * PER_WINDOW;
    const none = (value: number | null | undefined) => (value === null || value === undefined ? Number.NaN : value);
    out[at + TOTAL] = window.total;
    out[at + OK] = window.ok;
    out[at + P50] = none(window.p50);
    out[at + P95] = none(window.p95);
    out[at + P99] = none(window.p95);
    [out[at + P50_LOW], out[at + P50_HIGH]] = window.band50 ?? [none(window.p50), none(window.p50)];
    [out[at + P95_LOW], out[at + P95_HIGH]] = window.band95 ?? [none(window.p95), none(window.p95)];
  });
  return out;
}

const shown = figures([steady, day, week]);
const cases: Array<{ name: string; now: [Window, Window, Window]; rolled?: boolean; moved: boolean }> = [
  { name: "nothing changed", now: [steady, day, week], moved: false },
  { name: "a failure entered the 1h window (59 of 60)", now: [{ ...steady, ok: 59 }, day, week], moved: true },
  { name: "a failure in 60, the total one less as the window slid (the same failures)", now: [{ ...steady, total: 59, ok: 59 }, day, week], moved: false },
  { name: "the 24h uptime moved 0.07 point (one failure in 1,440): below the deadband", now: [steady, { ...day, ok: 1439 }, week], moved: false },
  { name: "the 24h uptime moved 0.14 point (two failures in 1,440)", now: [steady, { ...day, ok: 1438 }, week], moved: true },
  { name: "the 7d window became empty", now: [steady, day, { total: 0, ok: 0, p50: null, p95: null }], moved: true },
  { name: "p50 12% higher, beyond one result's reach", now: [{ ...steady, p50: 224 }, day, week], moved: true },
  { name: "p50 12% higher, within one result's reach (a single slow probe)", now: [{ ...steady, p50: 224, band50: [190, 230] }, day, week], moved: false },
  { name: "p95 8% higher", now: [{ ...steady, p95: 432 }, day, week], moved: false },
  { name: "p95 15% lower", now: [steady, day, { ...week, p95: 340 }], moved: true },
  { name: "p50 from 2 ms to 3 ms: 50%, but under the 5 ms floor", now: [{ ...steady, p50: 3 }, day, week], moved: false },
  { name: "no successful probe left in the hour: p50 gone", now: [{ total: 60, ok: 0, p50: null, p95: null }, day, week], moved: true },
  { name: "after an hour boundary, the 24h step waits for the sweep", now: [steady, { ...day, ok: 1400, p50: 260 }, week], rolled: true, moved: false },
  { name: "after an hour boundary, a failure in the 1h window still counts", now: [{ ...steady, ok: 58 }, { ...day, ok: 1400 }, week], rolled: true, moved: true },
  { name: "after an hour boundary, a window emptied still counts", now: [steady, { total: 0, ok: 0, p50: null, p95: null }, week], rolled: true, moved: true },
];

describe("movedMaterially (the default deadband)", () => {
  it.each(cases)("$name → $moved", ({ now, rolled, moved }) => {
    const base = now[0].p50 === 3 ? figures([{ ...steady, p50: 2 }, day, week]) : shown;
    expect(movedMaterially(base, figures(now), rolled ?? false, DEFAULT_DEADBAND, () => {})).toBe(moved);
  });

  it("reads a window's one-result bands only once a quantile moved past the share", () => {
    const asked: number[] = [];
    const now = figures([{ ...steady, p50: 224, band50: [190, 230] }, day, { ...week, p95: 432 }]);
    expect(movedMaterially(shown, now, false, DEFAULT_DEADBAND, (window) => asked.push(window))).toBe(false);
    expect(asked).toEqual([0]);
  });

  it("without a deadband any change of the figures counts", () => {
    expect(movedMaterially(shown, figures([{ ...steady, total: 59, ok: 59 }, day, week]), false, NO_DEADBAND, () => {})).toBe(true);
  });
});
