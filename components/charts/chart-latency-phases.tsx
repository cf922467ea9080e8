"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface PhasePoint {
  label: string;
  dns: number | null;
  connect: number | null;
  tunnel: number | null;
  tls: number | null;
  ttfb: number | null;
  transfer: number | null;
  p95: number | null;
}

const PHASES = [
  ["dns", "#94a3b8"],
  ["connect", "#60a5fa"],
  ["tunnel", "#a78bfa"],
  ["tls", "#f59e0b"],
  ["ttfb", "#10b981"],
  ["transfer", "#0ea5e9"],
] as const;

/**
 * Average time per phase of successful probes, stacked, with the p95 total as
 * a line; with `threshold`, the route's latency threshold as a labelled
 * horizontal line (the axis stretches to show it).
 */
export function ChartLatencyPhases({
  points,
  labels,
  threshold,
}: {
  points: PhasePoint[];
  labels: Record<(typeof PHASES)[number][0] | "p95", string>;
  threshold?: { ms: number; label: string };
}) {
  return (
    <div className="chart" role="img" aria-label={`${Object.values(labels).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--muted)" }} minTickGap={24} />
          <YAxis unit=" ms" tick={{ fontSize: 11, fill: "var(--muted)" }} width={64} />
          <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(value) => `${Math.round(Number(value))} ms`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {PHASES.map(([key, color]) => (
            <Area key={key} type="monotone" dataKey={key} name={labels[key]} stackId="phases" stroke={color} fill={color} fillOpacity={0.55} isAnimationActive={false} connectNulls={false} />
          ))}
          <Line type="monotone" dataKey="p95" name={labels.p95} stroke="var(--fg)" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
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
  );
}
