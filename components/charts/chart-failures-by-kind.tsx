"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { kindColor } from "./kind-colors";

/** Failures per step, stacked by kind; the legend uses the kinds' plain names. */
export function ChartFailuresByKind({ points, kinds, label }: { points: Array<Record<string, number | string>>; kinds: Array<{ kind: string; title: string }>; label: string }) {
  return (
    <div className="chart" role="img" aria-label={`${label}: ${kinds.map((k) => k.title).join(", ")}`} data-testid="failures-chart" data-kinds={kinds.map((k) => k.kind).join(" ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--muted)" }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--muted)" }} width={40} />
          <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {kinds.map(({ kind, title }) => (
            <Bar key={kind} dataKey={kind} name={title} stackId="kinds" fill={kindColor(kind)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
