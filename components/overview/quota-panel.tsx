import type { TargetQuota } from "@/lib/dashboard/list-quotas";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { formatAgo } from "@/lib/ui/format-time";
import { Countdown } from "./countdown";

/** Quota per target: gauges with their reset countdowns, or a loud "exhausted". */
export function QuotaPanel({ quota, m, lang, now }: { quota: TargetQuota; m: Messages; lang: Lang; now: number }) {
  const gauge = (label: string, remaining: number | null, limit: number | null, resetAt: string | null) =>
    remaining === null && limit === null ? null : (
      <div className="gauge">
        <span>{label}</span>
        <span className="mono small">
          {remaining?.toLocaleString("en") ?? "?"} / {limit?.toLocaleString("en") ?? "?"}
        </span>
        <meter min={0} max={limit ?? remaining ?? 1} value={remaining ?? 0} low={(limit ?? 0) * 0.1} optimum={limit ?? 1} aria-label={label}>
          {remaining}
        </meter>
        {resetAt ? (
          <span className="muted small">
            {m.quota.resetsIn} <Countdown until={resetAt} lang={lang} />
          </span>
        ) : null}
      </div>
    );
  return (
    <section className={`panel quota${quota.exhausted ? " exhausted" : ""}`} aria-label={`${m.quota.title}: ${quota.targetName}`} data-testid={`quota-${quota.targetName}`}>
      <div className="row">
        <strong>{quota.targetName}</strong>
        {quota.at ? <span className="muted small">{m.quota.seen} {formatAgo(quota.at, now, lang)}</span> : null}
      </div>
      {quota.exhausted ? (
        <div role="alert">
          <p className="title">{m.quota.exhausted}</p>
          <p className="small">{m.quota.exhaustedBody}</p>
        </div>
      ) : null}
      {gauge(m.quota.requests, quota.remainingRequests, quota.limitRequests, quota.resetRequestsAt)}
      {gauge(m.quota.tokens, quota.remainingTokens, quota.limitTokens, quota.resetTokensAt)}
      {quota.remainingRequests === null && quota.remainingTokens === null && !quota.exhausted ? <p className="muted small">{m.quota.unknown}</p> : null}
    </section>
  );
}
