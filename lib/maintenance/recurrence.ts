import * as z from "zod";
import { addDays, isTimeZone, wallDateAt, wallTimeToInstant, weekdayOf, type WallDate } from "./zoned-time";

import { WEEKDAYS } from "./weekdays";

export { WEEKDAYS, type Weekday } from "./weekdays";

/** The longest occurrence: a week (a longer "recurring" window is a one-off one). */
export const MAX_OCCURRENCE_MINUTES = 7 * 24 * 60;

const WallClock = z
  .string({ message: "must be a time of day like 02:00" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day like 02:00 (24-hour, HH:MM)");

/**
 * When a maintenance window comes back: on some days (every day, some
 * weekdays, or some days of the month), from `start` to `end` (wall clock in
 * `timeZone`; an end at or before the start is the next day's) or for
 * `durationMinutes`.
 */
export const Repeat = z
  .object({
    daily: z.literal(true, { message: "daily: true (or use weekly / monthly)" }).optional(),
    weekly: z
      .array(z.enum(WEEKDAYS, { message: `a weekday is one of ${WEEKDAYS.join(", ")}` }))
      .min(1, "name at least one weekday")
      .max(7)
      .optional(),
    monthly: z
      .array(z.number({ message: "a day of the month is a number 1–31" }).int("a day of the month is a whole number").min(1, "a day of the month is 1–31").max(31, "a day of the month is 1–31"))
      .min(1, "name at least one day of the month")
      .max(31)
      .optional(),
    start: WallClock,
    end: WallClock.optional(),
    durationMinutes: z.number().int("durationMinutes is a whole number").min(1, "durationMinutes is at least 1").max(MAX_OCCURRENCE_MINUTES, `durationMinutes is at most ${MAX_OCCURRENCE_MINUTES} (a week)`).optional(),
    timeZone: z.string({ message: "timeZone is required, e.g. Europe/Berlin or UTC" }).refine(isTimeZone, "must be an IANA time zone, e.g. Europe/Berlin, Asia/Shanghai or UTC"),
  })
  .strict()
  .superRefine((repeat, ctx) => {
    const kinds = [repeat.daily, repeat.weekly, repeat.monthly].filter((kind) => kind !== undefined).length;
    if (kinds !== 1) ctx.addIssue({ code: "custom", path: ["daily"], message: "give exactly one of daily: true, weekly: [days] or monthly: [days of month]" });
    if ((repeat.end === undefined) === (repeat.durationMinutes === undefined)) ctx.addIssue({ code: "custom", path: ["end"], message: "give end (a time of day) or durationMinutes, not both" });
    if (repeat.end !== undefined && repeat.end === repeat.start) ctx.addIssue({ code: "custom", path: ["end"], message: "end must differ from start (an end before the start means the next day)" });
  });
export type Repeat = z.infer<typeof Repeat>;

export interface Occurrence {
  from: number;
  to: number;
}

const DAY_MINUTES = 24 * 60;

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function occursOn(repeat: Repeat, date: WallDate): boolean {
  if (repeat.daily) return true;
  if (repeat.weekly) return repeat.weekly.includes(WEEKDAYS[weekdayOf(date)]!);
  // A 31st in a 30-day month simply does not happen (no sliding to the 30th).
  return repeat.monthly?.includes(date.day) ?? false;
}

function occurrenceOn(repeat: Repeat, date: WallDate): Occurrence {
  const startMinutes = minutesOf(repeat.start);
  const from = wallTimeToInstant(date, startMinutes, repeat.timeZone);
  if (repeat.durationMinutes !== undefined) return { from, to: from + repeat.durationMinutes * 60_000 };
  const endMinutes = minutesOf(repeat.end!);
  // The end is wall-clock too, so a 02:00–03:00 window stays so across a DST change.
  const endDate = endMinutes > startMinutes ? date : addDays(date, 1);
  const to = wallTimeToInstant(endDate, endMinutes, repeat.timeZone);
  return { from, to: Math.max(to, from + 60_000) };
}

function spanDays(repeat: Repeat): number {
  const minutes = repeat.durationMinutes ?? DAY_MINUTES;
  return Math.ceil(minutes / DAY_MINUTES) + 1;
}

/** Up to about 13 months ahead: every rule (even "the 31st") occurs in that span. */
const LOOKAHEAD_DAYS = 400;

/**
 * The occurrence in force at `at`, else the next one: the first occurrence
 * that ends after `at` (null only for a rule that never occurs, which the
 * schema prevents).
 */
export function currentOrNextOccurrence(repeat: Repeat, at: number): Occurrence | null {
  const today = wallDateAt(at, repeat.timeZone);
  for (let offset = -spanDays(repeat); offset <= LOOKAHEAD_DAYS; offset++) {
    const date = addDays(today, offset);
    if (!occursOn(repeat, date)) continue;
    const occurrence = occurrenceOn(repeat, date);
    if (occurrence.to > at) return occurrence;
  }
  return null;
}

/** The occurrence in force at `at`, if any. */
export function occurrenceAt(repeat: Repeat, at: number): Occurrence | null {
  const occurrence = currentOrNextOccurrence(repeat, at);
  return occurrence && occurrence.from <= at ? occurrence : null;
}

/** The occurrences that start in [from, to), in order (for tests and previews). */
export function occurrencesBetween(repeat: Repeat, from: number, to: number, limit = 1000): Occurrence[] {
  const found: Occurrence[] = [];
  let date = addDays(wallDateAt(from, repeat.timeZone), -spanDays(repeat));
  const last = addDays(wallDateAt(to, repeat.timeZone), 1);
  while (found.length < limit && Date.UTC(date.year, date.month - 1, date.day) <= Date.UTC(last.year, last.month - 1, last.day)) {
    if (occursOn(repeat, date)) {
      const occurrence = occurrenceOn(repeat, date);
      if (occurrence.from >= from && occurrence.from < to) found.push(occurrence);
    }
    date = addDays(date, 1);
  }
  return found;
}
