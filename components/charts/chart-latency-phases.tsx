"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PHASE_KEYS, type PhaseKey, type PhasePoint } from "@/lib/dashboard/chart-points";
import { AXIS_TICK, loneDot, maxValue, TOOLTIP_STYLE, useTimeTicks, valueAxisWidth, ZoneCaption } from "./chart-parts";

export type { PhasePoint };

const COLORS: Record<PhaseKey, string> = {
  dns: "#94a3b8",
  connect: "#60a5fa",
  tunnel: "#a78bfa",
  tls: "#f59e0b",
  ttfb: "#10b981",
  transfer: "#0ea5e9",
};

export interface ChartLatencyPhasesProps {
  points: PhasePoint[];
  labels: Record<PhaseKey | "p95", string>;
  /** The value axis' unit ("ms") and the zone caption ("Times in {zone}"). */
  axis: { unit: string; timesIn: string };
  /** The route's latency threshold, drawn as a labelled line. */
  threshold?: { ms: number; label: string };
}

/**
 * Average time per phase of successful probes, stacked, with the p95 total as
 * a line; with `threshold`, the route's latency threshold as a labelled
 * horizontal line (the axis stretches to show it).
 */
export function ChartLatencyPhases({ points, labels, axis, threshold }: ChartLatencyPhasesProps) {
  const ticks = useTimeTicks(points);
  const top = Math.max(threshold?.ms ?? 0, maxValue(points, (point) => Math.max(point.p95 ?? 0, PHASE_KEYS.reduce((sum, key) => sum + (point[key] ?? 0), 0))));
  return (
    <div>
      <div className="chart" role="img" aria-label={`${Object.values(labels).join(", ")}`} data-testid="latency-chart">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" tick={AXIS_TICK} minTickGap={24} tickFormatter={ticks.format} />
            <YAxis tick={AXIS_TICK} width={valueAxisWidth(top)} allowDecimals={false} label={{ value: axis.unit, angle: -90, position: "insideLeft", style: AXIS_TICK }} />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => ticks.format(String(t))} formatter={(value, _name, item) => (item?.payload?.bridged ? "–" : `${Math.round(Number(value))} ${axis.unit}`)} />
            {/* In phase order (DNS → transfer), as stacked; recharts would sort by name. */}
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {PHASE_KEYS.map((key) => (
              <Area key={key} type="monotone" dataKey={key} name={labels[key]} stackId="phases" stroke={COLORS[key]} fill={COLORS[key]} fillOpacity={0.55} isAnimationActive={false} connectNulls={false} dot={loneDot(key, COLORS[key])} />
            ))}
            <Line type="monotone" dataKey="p95" name={labels.p95} stroke="var(--fg)" strokeDasharray="4 3" dot={loneDot("p95", "var(--fg)")} isAnimationActive={false} connectNulls={false} />
            {threshold ? (
              <ReferenceLine
                y={threshold.ms}
                stroke="var(--down, #b42318)"
                strokeDasharray="6 3"
                ifOverflow="extendDomain"
                label={{ value: threshold.label, position: "insideTopRight", fontSize: 11, fill: "var(--down, #b42318)" }}
              />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ZoneCaption zone={ticks.zone} template={axis.timesIn} />
    </div>
  );
}
