import Link from "next/link";
import type { RecentFailures } from "@/lib/dashboard/get-recent-failures";
import type { Lang, Messages } from "@/lib/i18n/messages";
import type { FailureGroup } from "@/lib/monitoring/group-failures";
import { LocalTime } from "@/components/time/local-time";
import { kindHint, kindTitle } from "@/lib/ui/kind-text";

/**
 * A route's failures in the selected range, newest first: runs of identical
 * consecutive failures ("Timeout × 20, 12:01–12:20", each expandable), or
 * each failure; plain links page to older ones, so it works without scripts.
 */
export function RecentFailures({ failures, basePath, range, m, lang, keep = {} }: { failures: RecentFailures; basePath: string; range: string; m: Messages; lang: Lang; keep?: Record<string, string> }) {
  const t = m.failuresList;
  // keep: the page's other choices (its location) survive paging.
  const href = (params: { view?: string; before?: number }) => {
    const query = new URLSearchParams({ range, ...keep });
    if (params.view === "each") query.set("view", "each");
    if (params.before !== undefined) query.set("before", String(params.before));
    return `${basePath}?${query}#recent-failures`;
  };
  const empty = failures.groups.length === 0 && failures.rows.length === 0;
  return (
    <>
      <h2 id="recent-failures">{m.detail.recentFailures}</h2>
      <nav className="range small" aria-label={t.views} style={{ marginBottom: "0.6rem" }}>
        <Link href={href({})} aria-current={failures.view === "grouped" ? "true" : undefined}>
          {t.grouped}
        </Link>
        <Link href={href({ view: "each" })} aria-current={failures.view === "each" ? "true" : undefined}>
          {t.each}
        </Link>
      </nav>
      {failures.cursorLost ? <p className="small muted">{t.cursorLost}</p> : null}
      {empty ? (
        <p className="muted">{failures.paged ? t.noMore : m.detail.noFailures}</p>
      ) : (
        <table className="data responsive" data-testid="failures-table" data-view={failures.view}>
          <thead>
            <tr>
              <th scope="col">{m.detail.time}</th>
              <th scope="col">{m.detail.kind}</th>
              <th scope="col">{m.detail.status}</th>
              <th scope="col">{m.detail.message}</th>
              <th scope="col">{m.detail.hint}</th>
            </tr>
          </thead>
          <tbody>
            {failures.view === "grouped"
              ? failures.groups.map((group) => <GroupRow key={group.newestId} group={group} m={m} lang={lang} />)
              : failures.rows.map((row) => (
                  <tr key={row.id} data-testid="failure-row">
                    <td data-label={m.detail.time} className="mono small">
                      <LocalTime iso={row.at} />
                    </td>
                    <td data-label={m.detail.kind}>
                      <strong>{kindTitle(row.kind, lang)}</strong>
                      <div className="kind muted">{row.kind}</div>
                    </td>
                    <td data-label={m.detail.status} className="mono">
                      {row.httpStatus ?? "–"}
                    </td>
                    <td data-label={m.detail.message} className="small">
                      {row.message}
                    </td>
                    <td data-label={m.detail.hint} className="hint">
                      {kindHint(row.kind, lang)}
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      )}
      {failures.paged || failures.next !== null ? (
        <nav className="row small" aria-label={t.paging} style={{ marginTop: "0.6rem" }}>
          {failures.paged ? <Link href={href({ view: failures.view })}>{t.newest}</Link> : null}
          {failures.next !== null ? (
            <Link href={href({ view: failures.view, before: failures.next })} data-testid="failures-older">
              {t.older}
            </Link>
          ) : null}
        </nav>
      ) : null}
      {failures.prunedAfterDays !== null ? (
        <p className="small muted" data-testid="failures-pruned">
          {t.pruned.replace("{days}", String(failures.prunedAfterDays))}
        </p>
      ) : null}
    </>
  );
}

/** "Timeout × 20" with its span "12:01–12:20"; the failures themselves under a disclosure. */
function GroupRow({ group, m, lang }: { group: FailureGroup; m: Messages; lang: Lang }) {
  const t = m.failuresList;
  const sameDay = group.firstAt.slice(0, 10) === group.lastAt.slice(0, 10);
  // Same-day runs name their day once ("2026-11-29 12:01 – 12:20 UTC+8"); in the viewer's zone.
  const span =
    group.count === 1 ? (
      <LocalTime iso={group.lastAt} />
    ) : (
      <>
        <LocalTime iso={group.firstAt} style="minute" /> – <LocalTime iso={group.lastAt} style={sameDay ? "clock" : "minute"} />
      </>
    );
  const disclosure = group.members.length < group.count ? t.showFirst.replace("{shown}", String(group.members.length)) : t.showEach;
  return (
    <tr data-testid="failure-group" data-count={group.count}>
      <td data-label={m.detail.time} className="mono small">
        {span}
      </td>
      <td data-label={m.detail.kind}>
        <strong>
          {kindTitle(group.kind, lang)}
          {group.count > 1 ? ` ${t.times} ${group.count}` : null}
        </strong>
        <div className="kind muted">{group.kind}</div>
      </td>
      <td data-label={m.detail.status} className="mono">
        {group.httpStatus ?? "–"}
      </td>
      <td data-label={m.detail.message} className="small">
        {group.message}
        {group.count > 1 ? (
          <details>
            <summary>{disclosure.replace("{count}", String(group.count))}</summary>
            <ul className="mono small" style={{ margin: "0.3rem 0 0", paddingLeft: "1.1rem" }}>
              {group.members.map((member) => (
                <li key={member.id}>
                  <LocalTime iso={member.at} style={sameDay ? "clock" : "minute"} /> {member.message}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </td>
      <td data-label={m.detail.hint} className="hint">
        {kindHint(group.kind, lang)}
      </td>
    </tr>
  );
}
