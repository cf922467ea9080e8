import Link from "next/link";
import { overviewHref, type OverviewFilter } from "@/lib/dashboard/filter-routes";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { formatCount } from "@/lib/ui/format-count";

/** Page numbers around the current one, with the first and last always reachable: 1 … 4 5 6 … 200. */
export function pageWindow(page: number, pages: number, around = 2): Array<number | "gap"> {
  const shown = new Set([1, pages]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  return sorted.flatMap((p, i) => (i > 0 && p - sorted[i - 1]! > 1 ? (["gap", p] as const) : ([p] as const)));
}

/**
 * "51–100 of 10,000 routes" and links to the other pages: plain links that
 * keep the filters, so paging works without JavaScript and a page can be shared.
 */
export function RoutePager({ filter, page, pages, matching, shown, m, lang }: { filter: OverviewFilter; page: number; pages: number; matching: number; shown: number; m: Messages; lang: Lang }) {
  const p = m.overviewPaging;
  const from = (page - 1) * filter.per + 1;
  const range = p.range
    .replace("{from}", formatCount(from, lang))
    .replace("{to}", formatCount(from + shown - 1, lang))
    .replace("{total}", formatCount(matching, lang));
  return (
    <div className="pager" data-testid="pager">
      <span className="muted small" role="status" data-testid="page-range">
        {range}
      </span>
      {pages > 1 ? (
        <nav aria-label={p.pages}>
          {page > 1 ? (
            <Link prefetch={false} href={overviewHref(filter, { page: page - 1 })} rel="prev" data-testid="page-prev">
              ← {p.previous}
            </Link>
          ) : (
            <span className="muted" aria-disabled="true">← {p.previous}</span>
          )}
          {pageWindow(page, pages).map((item, i) =>
            item === "gap" ? (
              <span key={`gap-${i}`} className="muted" aria-hidden="true">
                …
              </span>
            ) : item === page ? (
              <span key={item} aria-current="page" className="current">
                {formatCount(item, lang)}
              </span>
            ) : (
              <Link key={item} prefetch={false} href={overviewHref(filter, { page: item })} aria-label={p.pageN.replace("{n}", String(item))}>
                {formatCount(item, lang)}
              </Link>
            ),
          )}
          {page < pages ? (
            <Link prefetch={false} href={overviewHref(filter, { page: page + 1 })} rel="next" data-testid="page-next">
              {p.next} →
            </Link>
          ) : (
            <span className="muted" aria-disabled="true">{p.next} →</span>
          )}
        </nav>
      ) : null}
    </div>
  );
}
