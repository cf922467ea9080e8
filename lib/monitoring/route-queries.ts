import * as z from "zod";
import type { RouteListing, RoutePageQuery } from "../db/store/route-store";
import type { Store } from "../db/store/store";
import { ROUTE_SORTS, ROUTE_STATES } from "../dashboard/filter-routes";
import { NotFoundError } from "../http/app-error";
import { DurationParam, MAX_RECORD_ID, RecordId, TimeParam } from "../http/query-params";
import { defaultStepMs, MAX_POINTS } from "./get-route-series";
import { HOUR_MS, MINUTE_MS } from "./rollup-bucket";

const DAY_MS = 86_400_000;

/** `from`/`to` default to the last 24 hours. */
function resolveRange(query: { from?: number; to?: number }): { from: number; to: number } {
  const to = query.to ?? Date.now();
  return { from: query.from ?? to - DAY_MS, to };
}

const rangeChecks = <T extends { from: number; to: number }>(schema: z.ZodType<T>) =>
  schema
    .refine((query) => query.from < query.to, { message: "from must be before to", path: ["from"] })
    .refine((query) => query.to - query.from <= 400 * DAY_MS, { message: "the range is at most 400 days", path: ["from"] });

export const RouteResultsQuery = rangeChecks(
  z
    .object({
      from: TimeParam.optional(),
      to: TimeParam.optional(),
      limit: z.string().regex(/^\d+$/, "limit must be a whole number").transform(Number).pipe(z.number().min(1).max(1000)).optional(),
      failures: z.enum(["true", "false"]).optional(),
      /** Runs of identical consecutive failures instead of rows (failures only). */
      grouped: z.enum(["1", "true", "0", "false"], { error: "grouped is 1 (or true) to group failures, 0 (or false) for rows" }).optional(),
      /** A result id from a previous page (its `next`): only older results. */
      before: z
        .string()
        .regex(/^\d+$/, "before must be a result id (a positive whole number) such as a previous page's next")
        .transform(Number)
        .pipe(z.number().min(1, "before must be a result id (1 or more)").max(MAX_RECORD_ID, `before is at most ${MAX_RECORD_ID}`))
        .optional(),
    })
    .strict()
    .refine((query) => !(isOn(query.grouped) && query.failures === "false"), { message: "grouped lists failures only: leave failures out or set it to true", path: ["grouped"] })
    .transform((query) => ({
      ...resolveRange(query),
      limit: query.limit ?? 100,
      grouped: isOn(query.grouped),
      failuresOnly: query.failures === "true" || isOn(query.grouped),
      before: query.before ?? null,
    })),
);

function isOn(flag: string | undefined): boolean {
  return flag === "1" || flag === "true";
}

export const RouteSeriesQuery = rangeChecks(
  z
    .object({ from: TimeParam.optional(), to: TimeParam.optional(), step: DurationParam.optional() })
    .strict()
    .transform((query) => {
      const range = resolveRange(query);
      return { ...range, stepMs: query.step ?? defaultStepMs(range.to - range.from) };
    }),
)
  .refine((query) => query.stepMs >= MINUTE_MS && query.stepMs % MINUTE_MS === 0, { message: "step must be whole minutes (at least 1m)", path: ["step"] })
  .refine((query) => query.stepMs < HOUR_MS || query.stepMs % HOUR_MS === 0, { message: "a step of an hour or more must be whole hours", path: ["step"] })
  .refine((query) => (query.to - query.from) / query.stepMs <= MAX_POINTS, { message: `at most ${MAX_POINTS} points: use a larger step`, path: ["step"] });

/** A name or search text in the query: trimmed, 1–200 characters. */
const NameParam = (what: string) => z.string().trim().min(1, `${what} is empty: leave it out to list every route`).max(200, `${what} is at most 200 characters`);

/** A whole number in the query, within bounds. */
const WholeParam = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${what} must be at least ${min}`).max(max, `${what} is at most ${max}`));

/** The largest page GET /api/routes returns at once when asked for pages. */
export const MAX_ROUTE_PAGE = 1000;

/**
 * GET /api/routes: the overview's filters (`state`, `target`, `proxy`, `q`,
 * `sort`) and, optionally, a page (`limit`, `offset`). Without `limit` every
 * matching route comes back, as before paging existed. Unlike the page, the
 * API refuses what it does not understand, so a typo is not a silent "all".
 */
export const ListRoutesQuery = z
  .object({
    state: z.enum(ROUTE_STATES, { error: `state is one of ${ROUTE_STATES.join(", ")}` }).optional(),
    target: NameParam("target").optional(),
    proxy: NameParam("proxy").optional(),
    q: NameParam("q").optional(),
    sort: z.enum(ROUTE_SORTS, { error: `sort is one of ${ROUTE_SORTS.join(", ")}` }).optional(),
    limit: WholeParam("limit", 1, MAX_ROUTE_PAGE).optional(),
    offset: WholeParam("offset", 0, MAX_RECORD_ID).optional(),
  })
  .strict()
  .transform((query): RoutePageQuery => ({ ...query, sort: query.sort ?? "name", limit: query.limit ?? null, offset: query.offset ?? 0 }));

export const ProbeNowInput = z.object({ routeId: RecordId.optional() }).strict();

/** A pair by its id (its row at the hub), with its state over its locations (minLocations: proxypulse.yaml's, null for a majority). */
export async function getRouteOrThrow(store: Store, routeId: number, minLocations: number | null = null): Promise<RouteListing> {
  const route = (await store.routes.list({ routeId, minLocations }))[0];
  if (!route) throw new NotFoundError("Route");
  return route;
}
