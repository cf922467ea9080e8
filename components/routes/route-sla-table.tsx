import type { Messages } from "@/lib/i18n/messages";
import type { MonthUptime } from "@/lib/monitoring/get-monthly-uptime";

/** Uptime per calendar month (UTC), newest first, with probe counts; months without probes say so. */
export function RouteSlaTable({ months, m }: { months: MonthUptime[]; m: Messages }) {
  const t = m.statusExport;
  return (
    <>
      <h2>{t.sla}</h2>
      <p className="muted small">{t.slaHelp}</p>
      <table className="data responsive" data-testid="sla-table">
        <thead>
          <tr>
            <th scope="col">{t.month}</th>
            <th scope="col">{t.uptime}</th>
            <th scope="col">{t.probes}</th>
            <th scope="col">{t.failed}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.month} data-testid="sla-month">
              <td data-label={t.month} className="mono">
                {month.month}
                {month.current ? <span className="muted small"> ({t.toDate})</span> : null}
              </td>
              <td data-label={t.uptime} className="mono">
                {/* Three decimals: 99.9% and 99.95% are different promises. */}
                {month.uptime === null ? <span className="muted">{t.noData}</span> : `${(Math.floor(month.uptime * 100_000) / 1000).toFixed(3)}%`}
              </td>
              <td data-label={t.probes} className="mono">
                {month.total}
              </td>
              <td data-label={t.failed} className="mono">
                {month.total - month.ok}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
