/**
 * Wall-clock time in an IANA time zone ↔ instants, with nothing but Intl
 * (no time-zone database of our own): the zone's offset at an instant is read
 * from Intl.DateTimeFormat, so daylight-saving changes follow the runtime's
 * tz data.
 */

export interface WallDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA zone name (e.g. "Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `instant`, as if it were UTC (ms since epoch, seconds kept). */
function wallAsUtc(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!) + (instant % 1000 + 1000) % 1000;
}

/** The zone's offset from UTC at `instant`, in ms (+1 h for Berlin in winter). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  return wallAsUtc(instant, timeZone) - instant;
}

/** The calendar date in `timeZone` at `instant`. */
export function wallDateAt(instant: number, timeZone: string): WallDate {
  const wall = new Date(wallAsUtc(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/**
 * The instant when the wall clock in `timeZone` shows `date` at `minutes`
 * past midnight. A time that occurs twice (clocks go back) is its first
 * occurrence; a time that does not exist (clocks go forward) moves forward by
 * the gap, e.g. 02:30 on Berlin's spring-forward day is 03:30 CEST: the same
 * choice as Temporal's "compatible" disambiguation.
 */
export function wallTimeToInstant(date: WallDate, minutes: number, timeZone: string): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  // Offsets half a day either side: a zone changes its offset at most once in that span.
  const before = zoneOffsetMs(asUtc - 43_200_000, timeZone);
  const after = zoneOffsetMs(asUtc + 43_200_000, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((instant) => wallAsUtc(instant, timeZone) === asUtc).sort((a, b) => a - b);
  return candidates[0] ?? asUtc - before;
}

/** The date `days` after `date` (calendar arithmetic, no zone involved). */
export function addDays(date: WallDate, days: number): WallDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: WallDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
