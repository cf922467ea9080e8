import * as z from "zod";
import type { RouteState } from "../monitoring/route-state";

export const ROUTE_STATES = ["up", "degraded", "down", "unknown", "paused"] as const satisfies readonly RouteState[];

/** Orders of the route table: by name (target, then proxy), or the worst state first (down, degraded, no data, up, paused). */
export const ROUTE_SORTS = ["name", "worst"] as const;
export type RouteSort = (typeof ROUTE_SORTS)[number];

/** Rows per page the overview offers; the default keeps a 10,000-route page light. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** One query value: the first if repeated, trimmed, and absent when empty. */
const QueryText = z.preprocess((value) => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() !== "" ? first.trim().slice(0, 200) : undefined;
}, z.string().optional());

/**
 * A whole number from the URL, or undefined when it is not one (the page then
 * uses its default). A longer number than any page count is capped, so that
 * "page=99999999999999999999" still means "far past the end" (the last page).
 */
const QueryWhole = QueryText.transform((value) => (value !== undefined && /^\d+$/.test(value) ? Math.min(Number(value), MAX_PAGE) : undefined));

/** Far beyond any real page count, and small enough that page × size stays an exact integer for SQLite's OFFSET. */
const MAX_PAGE = 1_000_000_000;

/**
 * The overview's view as it comes from the URL (`?state=down&target=openai&q=clash&page=3`),
 * so that a link reproduces it. The page is for people: a value that is not
 * valid (a state that is not one, `page=abc`, `per=7`) is dropped or clamped
 * rather than refused, and the form shows what is applied. The API is strict
 * instead (ListRoutesQuery).
 */
export const OverviewFilter = z.object({
  state: QueryText.transform((value) => ((ROUTE_STATES as readonly string[]).includes(value ?? "") ? (value as RouteState) : undefined)),
  target: QueryText,
  proxy: QueryText,
  q: QueryText,
  sort: QueryText.transform((value): RouteSort => ((ROUTE_SORTS as readonly string[]).includes(value ?? "") ? (value as RouteSort) : "name")),
  /** 1-based; past the last page is clamped to it once the total is known. */
  page: QueryWhole.transform((value) => Math.max(1, value ?? 1)),
  per: QueryWhole.transform((value) => ((PAGE_SIZES as readonly number[]).includes(value ?? 0) ? value! : DEFAULT_PAGE_SIZE)),
});
export type OverviewFilter = z.infer<typeof OverviewFilter>;

export function parseOverviewFilter(query: Record<string, string | string[] | undefined>): OverviewFilter {
  return OverviewFilter.parse({ state: query.state, target: query.target, proxy: query.proxy, q: query.q, sort: query.sort, page: query.page, per: query.per });
}

/** Whether the view leaves routes out (sorting and paging do not). */
export function isFiltering(filter: OverviewFilter): boolean {
  return Boolean(filter.state || filter.target || filter.proxy || filter.q);
}

/**
 * The overview's URL for this view, defaults left out, so a link (or the way
 * back from the login page) reproduces it. `change` replaces some values
 * (a page link, a state count); a changed filter starts again at page 1.
 */
export function overviewHref(filter: OverviewFilter, change: Partial<OverviewFilter> = {}): string {
  const filtersChanged = (["state", "target", "proxy", "q", "sort", "per"] as const).some((key) => key in change && change[key] !== filter[key]);
  const view = { ...filter, ...(filtersChanged ? { page: 1 } : {}), ...change };
  const query = new URLSearchParams();
  for (const key of ["state", "target", "proxy", "q"] as const) {
    const value = view[key];
    if (value) query.set(key, value);
  }
  if (view.sort !== "name") query.set("sort", view.sort);
  if (view.per !== DEFAULT_PAGE_SIZE) query.set("per", String(view.per));
  if (view.page > 1) query.set("page", String(view.page));
  const text = query.toString();
  return text ? `/?${text}` : "/";
}

/**
 * The overview's URL for these search parameters when it differs from the
 * view's own (overviewHref), else null. The filter form sends every field,
 * empty ones and defaults too (`?state=&target=&q=clash&sort=name&per=50`),
 * and a page past the end is clamped: the page redirects to the short form,
 * so that the address bar holds the link to share.
 */
export function canonicalRedirect(query: Record<string, string | string[] | undefined>, href: string): string | null {
  const raw = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) raw.append(key, one);
  const text = raw.toString();
  return (text ? `/?${text}` : "/") === href ? null : href;
}
