import { ChartStream } from "@/components/charts/chart-stream";
import type { StreamPoint } from "@/lib/dashboard/get-stream-series";
import type { Messages } from "@/lib/i18n/messages";

/** A streaming route's time-to-first-token and output-speed chart, beside the phase chart. */
export function StreamSection({ points, m }: { points: StreamPoint[]; m: Messages }) {
  const measured = points.some((point) => point.streams > 0);
  return (
    <>
      <h2>{m.stream.title}</h2>
      <section className="panel">
        {measured ? (
          <ChartStream
            points={points}
            labels={{ title: m.stream.title, ttftP50: m.stream.ttftP50, ttftP95: m.stream.ttftP95, tokensPerSecond: m.stream.tokensPerSecond }}
            axis={{ ms: m.chartsTimes.ms, speed: m.stream.speedAxis, timesIn: m.chartsTimes.timesIn }}
          />
        ) : (
          <p className="muted">{m.stream.none}</p>
        )}
        <p className="muted small">{m.stream.note}</p>
      </section>
    </>
  );
}
