import * as z from "zod";
import type { RouteState } from "../monitoring/route-state";

export const ROUTE_STATES = ["up", "degraded", "down", "unknown", "paused"] as const satisfies readonly RouteState[];

/** One query value: the first if repeated, trimmed, and absent when empty. */
const QueryText = z.preprocess((value) => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() !== "" ? first.trim().slice(0, 200) : undefined;
}, z.string().optional());

/**
 * The overview's filters as they come from the URL (`?state=down&target=openai&q=clash`),
 * so that a link reproduces the view. A state that is not one of the four
 * is dropped rather than refused: the page then shows every state, and the
 * form shows "all", which is what the user sees.
 */
export const OverviewFilter = z.object({
  state: QueryText.transform((value) => (ROUTE_STATES as readonly string[]).includes(value ?? "") ? (value as RouteState) : undefined),
  target: QueryText,
  proxy: QueryText,
  q: QueryText,
});
export type OverviewFilter = z.infer<typeof OverviewFilter>;

export function parseOverviewFilter(query: Record<string, string | string[] | undefined>): OverviewFilter {
  return OverviewFilter.parse({ state: query.state, target: query.target, proxy: query.proxy, q: query.q });
}

export function isFiltering(filter: OverviewFilter): boolean {
  return Boolean(filter.state || filter.target || filter.proxy || filter.q);
}

/** The overview's URL for these filters, so a link (or the way back from the login page) reproduces the view. */
export function overviewHref(filter: OverviewFilter): string {
  const query = new URLSearchParams();
  for (const key of ["state", "target", "proxy", "q"] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `/?${text}` : "/";
}

interface FilterableRoute {
  state: RouteState;
  targetName: string;
  proxyName: string;
}

/**
 * The routes that pass every given filter: state exactly; target and proxy
 * by name, ignoring case; free text anywhere in "target via proxy", ignoring
 * case, each word on its own ("openai clash" finds "openai via clash-hk").
 */
export function filterRoutes<T extends FilterableRoute>(routes: readonly T[], filter: OverviewFilter): T[] {
  const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
  const words = (filter.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return routes.filter((route) => {
    if (filter.state && route.state !== filter.state) return false;
    if (filter.target && !same(route.targetName, filter.target)) return false;
    if (filter.proxy && !same(route.proxyName, filter.proxy)) return false;
    const name = `${route.targetName} via ${route.proxyName}`.toLowerCase();
    return words.every((word) => name.includes(word));
  });
}
