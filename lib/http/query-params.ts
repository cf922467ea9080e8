import * as z from "zod";

/** A time in a query string: epoch milliseconds or an ISO 8601 date. */
export const TimeParam = z.string().transform((value, ctx) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a time (give epoch milliseconds or an ISO 8601 date)` });
    return z.NEVER;
  }
  // Near the end of what a Date holds (year 275760), a range's arithmetic
  // (toISOString, the next bucket) would throw: no real query goes past 9999.
  if (ms > MAX_TIME_MS) {
    ctx.addIssue({ code: "custom", message: `"${value}" is after the year 9999: give a time up to ${MAX_TIME_MS} (epoch ms) or 9999-12-31T23:59:59Z` });
    return z.NEVER;
  }
  return ms;
});

/** The last millisecond of the year 9999. */
export const MAX_TIME_MS = Date.UTC(10_000, 0, 1) - 1;

/** A duration: seconds, or "90s", "5m", "1h", "1d". */
export const DurationParam = z.string().transform((value, ctx) => {
  const match = /^(\d+)(s|m|h|d)?$/.exec(value.trim());
  if (!match) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a duration (e.g. 60, 5m, 1h, 1d)` });
    return z.NEVER;
  }
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? "s") as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
});

/**
 * The largest id a stored row can have: Prisma's Int is 32-bit, and a larger
 * number reaching a query is an engine error (a 500), not "not found".
 */
export const MAX_RECORD_ID = 2_147_483_647;

/** A row's id in a JSON body. */
export const RecordId = z.number().int("an id is a whole number").positive("an id is a positive whole number").max(MAX_RECORD_ID, `an id is at most ${MAX_RECORD_ID}`);

/** A row's id in the URL path. */
export const IdParam = z.object({
  id: z
    .string()
    .regex(/^\d+$/, "the id must be a positive whole number")
    .transform(Number)
    .pipe(z.number().max(MAX_RECORD_ID, `the id must be at most ${MAX_RECORD_ID}`)),
});

export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
