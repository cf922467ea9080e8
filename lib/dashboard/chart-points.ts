import type { RouteSeries } from "../monitoring/get-route-series";
import { bridgeGaps } from "./bridge-gaps";

export const PHASE_KEYS = ["dns", "connect", "tunnel", "tls", "ttfb", "transfer"] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

/** What every time chart's point carries: its time (ISO, formatted in the viewer's zone) and how to draw it. */
export interface TimePoint {
  t: string;
  /** Interpolated across a short hole (no probes): the tooltip says so. */
  bridged: boolean;
  /** Series drawn as a dot at this point (nothing drawn beside it). */
  isolated: string[];
}

export type PhasePoint = TimePoint & Record<PhaseKey | "p95", number | null>;
export type RatePoint = TimePoint & { rate: number | null };
export type FailurePoint = { t: string } & Record<string, number | string>;

export interface ChartPoints {
  phases: PhasePoint[];
  rate: RatePoint[];
  failures: FailurePoint[];
  failureKinds: string[];
}

/** A route series as the three charts draw it: short holes bridged, lone points marked, failures per kind. */
export function chartPoints(series: RouteSeries): ChartPoints {
  const probed = series.points.map((point) => point.total > 0);
  const phaseKeys = [...PHASE_KEYS, "p95"] as const;
  const phases = bridgeGaps(
    series.points.map((point, i) => ({
      t: point.t,
      probed: probed[i]!,
      values: { ...Object.fromEntries(PHASE_KEYS.map((key) => [key, point.phases?.[key] ?? null])), p95: point.p95 } as Record<(typeof phaseKeys)[number], number | null>,
    })),
    phaseKeys,
  ).map((point) => ({ t: point.t, bridged: point.bridged, isolated: point.isolated, ...point.values }));
  const rate = bridgeGaps(
    series.points.map((point, i) => ({ t: point.t, probed: probed[i]!, values: { rate: point.uptime === null ? null : Math.round(point.uptime * 10_000) / 100 } })),
    ["rate"] as const,
  ).map((point) => ({ t: point.t, bridged: point.bridged, isolated: point.isolated, ...point.values }));
  const failureKinds = [...new Set(series.points.flatMap((point) => Object.keys(point.kinds).filter((kind) => kind !== "ok")))].sort();
  const failures = series.points.map((point) => ({ t: point.t, ...Object.fromEntries(failureKinds.map((kind) => [kind, point.kinds[kind] ?? 0])) }));
  return { phases, rate, failures, failureKinds };
}
