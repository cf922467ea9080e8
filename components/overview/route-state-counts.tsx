import Link from "next/link";
import { overviewHref, ROUTE_STATES, type OverviewFilter } from "@/lib/dashboard/filter-routes";
import type { Lang, Messages } from "@/lib/i18n/messages";
import type { RouteState } from "@/lib/monitoring/route-state";
import { formatCount } from "@/lib/ui/format-count";

/**
 * Routes by state over every route (filters and paging aside), each a link to
 * the routes in that state: the headline a 10,000-route overview opens with.
 * Links here and in the table and pager are not prefetched: on a page of 50
 * routes that would be some 60 server renders (each of them an overview or a
 * route page) for every view of the overview.
 */
export function RouteStateCounts({ counts, all, filter, m, lang }: { counts: Record<RouteState, number>; all: number; filter: OverviewFilter; m: Messages; lang: Lang }) {
  const words = m.routeControl.stateCounts;
  // Keep the order and page size; the count is over all routes, so the link shows exactly those.
  const base = { ...filter, state: undefined, target: undefined, proxy: undefined, q: undefined };
  return (
    <nav className="state-counts" aria-label={m.overviewPaging.countsLabel} data-testid="overview-counts">
      <Link prefetch={false} href={overviewHref(base, { page: 1 })} aria-current={!filter.state && !filter.target && !filter.proxy && !filter.q ? "true" : undefined} data-testid="count-all">
        <strong>{formatCount(all, lang)}</strong> {m.overviewPaging.allRoutes}
      </Link>
      {ROUTE_STATES.map((state) => (
        <Link
          key={state}
          prefetch={false}
          href={overviewHref(base, { state, page: 1 })}
          className={`state-count state-${state}`}
          aria-current={filter.state === state && !filter.target && !filter.proxy && !filter.q ? "true" : undefined}
          data-testid={`count-${state}`}
        >
          <strong>{formatCount(counts[state], lang)}</strong> {words[state]}
        </Link>
      ))}
    </nav>
  );
}
