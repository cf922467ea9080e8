"use client";

import { useViewerZone } from "@/components/time/use-viewer-zone";
import { zonedText } from "@/lib/ui/zoned-time";

const HOUR_MS = 3_600_000;

/**
 * Slot start → its text in a zone. Every route on a page has the same 24
 * hours, and zonedText builds an Intl.DateTimeFormat per call: remembering
 * the 24 answers saves some 1,200 of those per page of 50 (on the server and
 * again in the browser).
 */
const zonedStarts = new Map<string, string>();
function slotTime(start: string, zone: string): string {
  const key = `${zone} ${start}`;
  let text = zonedStarts.get(key);
  if (text === undefined) {
    if (zonedStarts.size > 500) zonedStarts.clear();
    text = zonedText(start, zone, "minute");
    zonedStarts.set(key, text);
  }
  return text;
}

/**
 * The uptime bar's hourly slots, each titled with its start in the viewer's
 * zone (UTC until the browser knows it). The slots come as `[tone, text]`
 * from the first slot's start on: a page of 50 routes sends 1,200 of them,
 * so the browser gets no per-slot timestamps or key names it can work out.
 */
export function UptimeSlots({ first, slots }: { first: string; slots: Array<[tone: string, text: string]> }) {
  const zone = useViewerZone() ?? "UTC";
  const from = Date.parse(first);
  return (
    <div className="uptime-bar" role="list">
      {slots.map(([tone, template], i) => {
        const start = new Date(from + i * HOUR_MS).toISOString();
        const text = template.replace("{time}", slotTime(start, zone));
        return <span key={start} role="listitem" className={`slot ${tone}`} title={text} aria-label={text} />;
      })}
    </div>
  );
}
