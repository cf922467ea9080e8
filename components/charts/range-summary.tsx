import type { Messages } from "@/lib/i18n/messages";
import type { RangeSummary as Summary } from "@/lib/monitoring/get-route-series";
import { formatMs, formatPercent } from "@/lib/ui/format-time";

/** The range's figures in one line, every one of them for the range chosen, and saying which. */
export function RangeSummary({ summary, range, m }: { summary: Summary; range: string; m: Messages }) {
  const t = m.chartsTimes;
  return (
    <span className="muted small" data-testid="range-summary">
      <strong>{t.summary.replace("{range}", range)}</strong>: {m.detail.uptime} {formatPercent(summary.uptime)} · {t.p50} {formatMs(summary.p50)} · {t.p95} {formatMs(summary.p95)} ·{" "}
      {summary.total.toLocaleString("en")} {summary.total === 1 ? t.probe : t.probes}
    </span>
  );
}
