/** How a time is written: with date and seconds, with date to the minute, the clock only, chart ticks (no zone), or the zone alone. */
export type TimeStyle = "full" | "minute" | "clock" | "tick" | "tick-day" | "zone";

/** The cookie that remembers "show times in UTC" (absent: the viewer's own zone). */
export const TIME_ZONE_COOKIE = "pp_tz";

/**
 * A time written in `timeZone`, naming the zone by its offset ("UTC+8",
 * "UTC+5:30", "UTC-3", "UTC"), the same on the server (UTC fallback) and in
 * the browser (the viewer's zone).
 *
 * It is self-contained on purpose: the status page, which carries no
 * framework, runs this very function as its one inline script (see
 * render-status-html.ts), so it must not call anything outside itself.
 */
export function zonedText(iso: string, timeZone: string, style: TimeStyle): string {
  const ms = Date.parse(iso);
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const abs = Math.abs(offset);
  const zone = offset === 0 ? "UTC" : `UTC${offset > 0 ? "+" : "-"}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : ""}`;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const clock = `${parts.hour}:${parts.minute}`;
  if (style === "zone") return zone;
  if (style === "tick") return clock;
  if (style === "tick-day") return `${parts.month}-${parts.day} ${clock}`;
  if (style === "clock") return `${clock} ${zone}`;
  if (style === "minute") return `${date} ${clock} ${zone}`;
  return `${date} ${clock}:${parts.second} ${zone}`;
}

/** The zone's name as a person reads it: "Asia/Shanghai (UTC+8)", or just "UTC". */
export function zoneName(timeZone: string, at: string): string {
  const offset = zonedText(at, timeZone, "zone");
  return timeZone === "UTC" || timeZone === "Etc/UTC" ? "UTC" : `${timeZone} (${offset})`;
}
