import type { TargetQuota } from "@/lib/dashboard/list-quotas";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { formatAgo } from "@/lib/ui/format-time";
import { Countdown } from "./countdown";

/**
 * A target's two separate facts: its billing state (the API said
 * insufficient_quota: no credit, waiting will not help) and its rate limits
 * (x-ratelimit-* headers: what is left of the current per-minute windows).
 * A target can be out of credit with its rate-limit windows full.
 */
export function QuotaPanel({ quota, m, lang, now }: { quota: TargetQuota; m: Messages; lang: Lang; now: number }) {
  const t = m.chartsTimes;
  const gauge = (label: string, remaining: number | null, limit: number | null, resetAt: string | null, testId: string) =>
    remaining === null && limit === null ? null : (
      <div className="gauge" key={testId} data-testid={testId}>
        <span>{label}</span>
        <span className="mono small">
          {remaining?.toLocaleString("en") ?? "?"} / {limit?.toLocaleString("en") ?? "?"}
        </span>
        <meter min={0} max={limit ?? remaining ?? 1} value={remaining ?? 0} low={(limit ?? 0) * 0.1} optimum={limit ?? 1} aria-label={label}>
          {remaining}
        </meter>
        {resetAt && Date.parse(resetAt) > now ? <Countdown until={resetAt} lang={lang} prefix={m.quota.resetsIn} /> : null}
      </div>
    );
  const gauges = [
    gauge(t.requestsLeft, quota.remainingRequests, quota.limitRequests, quota.resetRequestsAt, "gauge-requests"),
    gauge(t.tokensLeft, quota.remainingTokens, quota.limitTokens, quota.resetTokensAt, "gauge-tokens"),
  ].filter(Boolean);
  return (
    <section className={`panel quota${quota.exhausted ? " exhausted" : ""}`} aria-label={`${m.quota.title}: ${quota.targetName}`} data-testid={`quota-${quota.targetName}`}>
      <div className="row">
        <strong>{quota.targetName}</strong>
        {quota.at ? (
          <span className="muted small" data-testid="quota-seen">
            {m.quota.seen} {formatAgo(quota.at, now, lang)}
            {quota.location ? ` · ${m.quota.from.replace("{location}", quota.location)}` : null}
          </span>
        ) : null}
      </div>
      {quota.exhausted ? (
        <div className="quota-billing bad" role="alert" data-testid="quota-billing">
          <p className="quota-heading">{t.billing}</p>
          <p className="title">{m.quota.exhausted}</p>
          <p className="small">{m.quota.exhaustedBody}</p>
        </div>
      ) : quota.at ? (
        <div className="quota-billing" data-testid="quota-billing">
          <p className="quota-heading">{t.billing}</p>
          <p className="small">{t.billingOk}</p>
        </div>
      ) : null}
      <div className="quota-limits" data-testid="quota-limits">
        <p className="quota-heading">{t.rateLimits}</p>
        {gauges.length ? gauges : <p className="muted small">{t.noRateLimits}</p>}
      </div>
    </section>
  );
}
