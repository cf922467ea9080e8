"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StreamPoint } from "@/lib/dashboard/get-stream-series";
import { AXIS_TICK, maxValue, TOOLTIP_STYLE, useTimeTicks, valueAxisWidth, ZoneCaption } from "./chart-parts";

export interface ChartStreamProps {
  points: StreamPoint[];
  labels: { title: string; ttftP50: string; ttftP95: string; tokensPerSecond: string };
  axis: { ms: string; speed: string; timesIn: string };
}

/** A streaming route's time to first token (p50, p95; left axis) and output speed (right axis) per step. */
export function ChartStream({ points, labels, axis }: ChartStreamProps) {
  const ticks = useTimeTicks(points);
  const unit = (key: string) => (key === "tokensPerSecond" ? " tokens/s" : " ms");
  return (
    <div>
      <div className="chart" role="img" aria-label={labels.title} data-testid="stream-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" tick={AXIS_TICK} minTickGap={24} tickFormatter={ticks.format} />
            <YAxis yAxisId="ms" tick={AXIS_TICK} width={valueAxisWidth(maxValue(points, (point) => point.ttftP95 ?? 0))} label={{ value: axis.ms, angle: -90, position: "insideLeft", style: AXIS_TICK }} />
            <YAxis yAxisId="speed" orientation="right" tick={AXIS_TICK} width={valueAxisWidth(maxValue(points, (point) => point.tokensPerSecond ?? 0))} label={{ value: axis.speed, angle: 90, position: "insideRight", style: AXIS_TICK }} />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => ticks.format(String(t))} formatter={(value, _name, item) => `${Number(value).toFixed(1)}${unit(String(item?.dataKey))}`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="ms" type="monotone" dataKey="ttftP50" name={labels.ttftP50} stroke="var(--accent)" dot={false} isAnimationActive={false} connectNulls />
            <Line yAxisId="ms" type="monotone" dataKey="ttftP95" name={labels.ttftP95} stroke="var(--degraded)" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
            <Line yAxisId="speed" type="monotone" dataKey="tokensPerSecond" name={labels.tokensPerSecond} stroke="var(--up)" dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ZoneCaption zone={ticks.zone} template={axis.timesIn} />
    </div>
  );
}
