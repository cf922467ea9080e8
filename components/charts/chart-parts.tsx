"use client";

import type { DotItemDotProps } from "recharts";
import { useViewerZone } from "@/components/time/use-viewer-zone";
import { zonedText, zoneName } from "@/lib/ui/zoned-time";

const DAY_MS = 86_400_000;

/** Ticks of a time axis in the viewer's zone: the clock for a day or less, the date and hour beyond. */
export function useTimeTicks(points: ReadonlyArray<{ t: string }>): { format: (iso: string) => string; zone: string } {
  const zone = useViewerZone() ?? "UTC";
  const span = points.length > 1 ? Date.parse(points[points.length - 1]!.t) - Date.parse(points[0]!.t) : 0;
  const style = span > 1.5 * DAY_MS ? "tick-day" : "tick";
  return { format: (iso: string) => (iso ? zonedText(iso, zone, style) : ""), zone };
}

/** Says in which zone the time axis is, under the chart. */
export function ZoneCaption({ zone, template }: { zone: string; template: string }) {
  return (
    <p className="chart-zone muted small" data-testid="chart-zone">
      {template.replace("{zone}", zoneName(zone, new Date().toISOString()))}
    </p>
  );
}

/**
 * A dot only where a series' value stands alone (see bridge-gaps.ts): a
 * line or area through a single point draws nothing, so a range holding one
 * probe would look empty.
 */
export function loneDot(key: string, color: string) {
  function LoneDot(props: DotItemDotProps) {
    const { cx, cy, index, payload } = props;
    const alone = Array.isArray(payload?.isolated) && (payload.isolated as string[]).includes(key);
    if (!alone || typeof cx !== "number" || typeof cy !== "number") return <g key={`${key}-${index}`} />;
    return <circle key={`${key}-${index}`} cx={cx} cy={cy} r={4} fill={color} stroke="var(--panel)" strokeWidth={1} data-testid="lone-dot" data-series={key} />;
  }
  return LoneDot;
}

/**
 * Room for the value axis' tick labels: the unit is the axis' title, not
 * repeated on each tick, and the width follows the longest tick (a nice
 * tick may round the maximum up by a quarter), so "1800" never wraps.
 */
export function valueAxisWidth(max: number): number {
  const digits = String(Math.max(1, Math.ceil(Math.max(0, max) * 1.25))).length;
  return 22 + 7 * digits;
}

/** The largest value a stacked or plain chart reaches. */
export function maxValue<T>(points: readonly T[], value: (point: T) => number): number {
  return points.reduce((max, point) => Math.max(max, value(point)), 0);
}

export const AXIS_TICK = { fontSize: 11, fill: "var(--muted)" } as const;
export const TOOLTIP_STYLE = { background: "var(--panel)", border: "1px solid var(--border)" } as const;
