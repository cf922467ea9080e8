import { z } from "zod";

/** A time in a query string: epoch milliseconds or an ISO 8601 date. */
export const TimeParam = z.string().transform((value, ctx) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a time (give epoch milliseconds or an ISO 8601 date)` });
    return z.NEVER;
  }
  return ms;
});

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

export const IdParam = z.object({ id: z.string().regex(/^\d+$/, "the id must be a positive whole number").transform(Number) });

export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
