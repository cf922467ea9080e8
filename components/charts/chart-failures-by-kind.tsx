"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FailurePoint } from "@/lib/dashboard/chart-points";
import { AXIS_TICK, maxValue, TOOLTIP_STYLE, useTimeTicks, valueAxisWidth, ZoneCaption } from "./chart-parts";
import { kindColor } from "./kind-colors";

export interface ChartFailuresByKindProps {
  points: FailurePoint[];
  kinds: Array<{ kind: string; title: string }>;
  label: string;
  axis: { unit: string; timesIn: string };
}

/** Failures per step, stacked by kind; the legend uses the kinds' plain names. */
export function ChartFailuresByKind({ points, kinds, label, axis }: ChartFailuresByKindProps) {
  const ticks = useTimeTicks(points);
  const top = maxValue(points, (point) => kinds.reduce((sum, { kind }) => sum + Number(point[kind] ?? 0), 0));
  return (
    <div>
      <div className="chart" role="img" aria-label={`${label}: ${kinds.map((k) => k.title).join(", ")}`} data-testid="failures-chart" data-kinds={kinds.map((k) => k.kind).join(" ")}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" tick={AXIS_TICK} minTickGap={24} tickFormatter={ticks.format} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} width={valueAxisWidth(top)} label={{ value: axis.unit, angle: -90, position: "insideLeft", style: AXIS_TICK }} />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => ticks.format(String(t))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {kinds.map(({ kind, title }) => (
              <Bar key={kind} dataKey={kind} name={title} stackId="kinds" fill={kindColor(kind)} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ZoneCaption zone={ticks.zone} template={axis.timesIn} />
    </div>
  );
}
