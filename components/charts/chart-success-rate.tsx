"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RatePoint } from "@/lib/dashboard/chart-points";
import { AXIS_TICK, loneDot, TOOLTIP_STYLE, useTimeTicks, ZoneCaption } from "./chart-parts";

export interface ChartSuccessRateProps {
  points: RatePoint[];
  label: string;
  axis: { unit: string; timesIn: string };
}

/** Share of successful probes per step, in percent. */
export function ChartSuccessRate({ points, label, axis }: ChartSuccessRateProps) {
  const ticks = useTimeTicks(points);
  return (
    <div>
      <div className="chart" role="img" aria-label={label} data-testid="rate-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" tick={AXIS_TICK} minTickGap={24} tickFormatter={ticks.format} />
            <YAxis domain={[0, 100]} tick={AXIS_TICK} width={50} label={{ value: axis.unit, angle: -90, position: "insideLeft", style: AXIS_TICK }} />
            <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => ticks.format(String(t))} formatter={(value, _name, item) => (item?.payload?.bridged ? "–" : `${Number(value).toFixed(1)}%`)} />
            <Line type="stepAfter" dataKey="rate" name={label} stroke="var(--up)" dot={loneDot("rate", "var(--up)")} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ZoneCaption zone={ticks.zone} template={axis.timesIn} />
    </div>
  );
}
