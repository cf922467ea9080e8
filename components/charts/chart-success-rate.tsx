"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Share of successful probes per step, in percent. */
export function ChartSuccessRate({ points, label }: { points: Array<{ label: string; rate: number | null }>; label: string }) {
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--muted)" }} minTickGap={24} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11, fill: "var(--muted)" }} width={48} />
          <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(value) => `${Number(value).toFixed(1)}%`} />
          <Line type="stepAfter" dataKey="rate" name={label} stroke="var(--up)" dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
