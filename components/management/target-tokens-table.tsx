import type { ListedTarget } from "@/lib/management/list-targets";
import type { Messages } from "@/lib/i18n/messages";
import type { TokenFigures } from "@/lib/monitoring/summarize-token-days";

/** Tokens each target's probes spent today and over the last 7 UTC days, with the days behind the sum. */
export function TargetTokensTable({ targets, m }: { targets: ListedTarget[]; m: Messages }) {
  const t = m.probeCost;
  const figures = (value: TokenFigures) => (
    <>
      <span className="mono">{t.tokens.replace("{prompt}", String(value.promptTokens)).replace("{completion}", String(value.completionTokens))}</span>
      <div className="muted small">{t.probes.replace("{n}", String(value.probes))}</div>
    </>
  );
  return (
    <section style={{ marginTop: "1.5rem" }} data-testid="target-tokens">
      <h2>{t.tokensTitle}</h2>
      <p className="small muted">{t.tokensNote}</p>
      <table className="data responsive">
        <thead>
          <tr>
            <th scope="col">{t.target}</th>
            <th scope="col">{t.today}</th>
            <th scope="col">{t.last7Days}</th>
            <th scope="col">{t.byDay}</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={target.id} data-testid={`tokens-${target.name}`}>
              <td data-label={t.target}>
                <strong>{target.name}</strong>
                {target.manualOnly ? <div className="muted small">{t.manualOnlyBadge}</div> : null}
                {target.paidProbeEvery > 1 ? <div className="muted small">{t.paidEvery.replace("{n}", String(target.paidProbeEvery))}</div> : null}
              </td>
              <td data-label={t.today}>{figures(target.tokens.today)}</td>
              <td data-label={t.last7Days}>{figures(target.tokens.last7Days)}</td>
              <td data-label={t.byDay}>
                {target.tokens.days.length ? (
                  <details>
                    <summary className="small">
                      {t.byDay} ({target.tokens.days.length})
                    </summary>
                    <table className="small">
                      <tbody>
                        {target.tokens.days.map((day) => (
                          <tr key={day.day}>
                            <th scope="row" className="mono">
                              {day.day}
                            </th>
                            <td>{figures(day)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                ) : (
                  <span className="muted small">{t.none}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
