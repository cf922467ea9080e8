import * as z from "zod";
import type { Sqlite } from "../db/sqlite";
import { NotFoundError } from "../http/app-error";
import { DurationParam, MAX_RECORD_ID, RecordId, TimeParam } from "../http/query-params";
import { defaultStepMs, MAX_POINTS } from "./get-route-series";
import { listRoutes, type RouteListing } from "./list-routes";
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

export const ProbeNowInput = z.object({ routeId: RecordId.optional() }).strict();

export function getRouteOrThrow(db: Sqlite, routeId: number): RouteListing {
  const route = listRoutes(db, { routeId })[0];
  if (!route) throw new NotFoundError("Route");
  return route;
}
