import { arrangeQuotas } from "@/lib/dashboard/arrange-quotas";
import type { TargetQuota } from "@/lib/dashboard/list-quotas";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { QuotaPanel } from "./quota-panel";

/** Names listed in the "no quota facts yet" sentence before "and N more". */
const UNSEEN_NAMES = 10;

/**
 * The overview's quota section: full cards for the first few targets
 * (out of credit first), one line each for the other targets with quota
 * facts (folded away), one sentence for the targets with none yet. Server
 * only: nothing here needs the browser.
 */
export function QuotaSection({ quotas, m, lang, now }: { quotas: TargetQuota[]; m: Messages; lang: Lang; now: number }) {
  if (!quotas.length) return null;
  const { cards, more, unseen } = arrangeQuotas(quotas);
  const c = m.quotaCompact;
  const figure = (remaining: number | null, limit: number | null) => `${remaining?.toLocaleString("en") ?? "?"} / ${limit?.toLocaleString("en") ?? "?"}`;
  return (
    <>
      <h2>{m.quota.title}</h2>
      {cards.length ? (
        <div className="grid">
          {cards.map((quota) => (
            <QuotaPanel key={quota.targetId} quota={quota} m={m} lang={lang} now={now} />
          ))}
        </div>
      ) : null}
      {more.length ? (
        <details className="quota-more" data-testid="quota-more">
          <summary>{c.more.replace("{n}", String(more.length))}</summary>
          <ul>
            {more.map((quota) => (
              <li key={quota.targetId} data-testid={`quota-${quota.targetName}`}>
                <strong>{quota.targetName}</strong>: {quota.exhausted ? <span className="error-text">{m.quota.exhausted}</span> : m.chartsTimes.billingOk}
                {quota.limitRequests !== null || quota.remainingRequests !== null ? ` · ${c.requests} ${figure(quota.remainingRequests, quota.limitRequests)}` : null}
                {quota.limitTokens !== null || quota.remainingTokens !== null ? ` · ${c.tokens} ${figure(quota.remainingTokens, quota.limitTokens)}` : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {unseen.length ? (
        <p className="muted small" data-testid="quota-unseen">
          {c.unseen.replace("{n}", String(unseen.length)).replace("{names}", unseen.slice(0, UNSEEN_NAMES).join(", "))}
          {unseen.length > UNSEEN_NAMES ? c.unseenMore.replace("{n}", String(unseen.length - UNSEEN_NAMES)) : null}
        </p>
      ) : null}
    </>
  );
}
