"use client";

import { useId, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useViewerZone } from "@/components/time/use-viewer-zone";
import { decodeStrip, slotRect, stripPaths, stripSlotLine, stripSummary, type StripWords } from "@/lib/ui/uptime-strip";
import { zonedText } from "@/lib/ui/zoned-time";

const HOUR_MS = 3_600_000;

/**
 * Slot start → its text in a zone. Every route on a page has the same 24
 * hours, and zonedText builds an Intl.DateTimeFormat per call.
 */
const zonedStarts = new Map<string, string>();
function slotTime(start: number, zone: string): string {
  const key = `${zone} ${start}`;
  let text = zonedStarts.get(key);
  if (text === undefined) {
    if (zonedStarts.size > 500) zonedStarts.clear();
    text = zonedText(new Date(start).toISOString(), zone, "minute");
    zonedStarts.set(key, text);
  }
  return text;
}

/**
 * Hourly uptime slots, oldest first, drawn as one SVG of at most four paths
 * (one per tone) rather than an element per slot: a page of 50 routes was
 * 1,200 labelled elements, some 180 KB of HTML and as much to hydrate. The
 * slots come encoded (lib/ui/uptime-strip.ts), `words` is one object shared
 * by every strip of the page (sent once). Screen readers get one summary;
 * hovering, tapping or focusing and then the arrow keys show a slot's time
 * (in the viewer's zone, UTC until the browser knows it), counts and top error.
 */
export function UptimeStrip({ from, code, words }: { from: string; code: string; words: StripWords }) {
  const zone = useViewerZone() ?? "UTC";
  const [at, setAt] = useState<number | null>(null);
  const tipId = useId();
  const slots = decodeStrip(code);
  const first = Date.parse(from);
  const label = (index: number) => slotTime(first + index * HOUR_MS, zone);
  const count = slots.length;

  const pointAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setAt(Math.min(count - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * count))));
  };
  const step = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = { ArrowLeft: (at ?? count) - 1, ArrowRight: (at ?? -1) + 1, Home: 0, End: count - 1 }[event.key];
    if (next === undefined) return event.key === "Escape" ? setAt(null) : undefined;
    event.preventDefault();
    setAt(Math.min(count - 1, Math.max(0, next)));
  };

  return (
    <div
      className="uptime-strip"
      role="group"
      tabIndex={0}
      aria-label={stripSummary(slots, words, label)}
      aria-describedby={at === null ? undefined : tipId}
      onPointerMove={pointAt}
      onPointerDown={pointAt}
      onPointerLeave={() => setAt(null)}
      onFocus={() => setAt((current) => current ?? count - 1)}
      onBlur={() => setAt(null)}
      onKeyDown={step}
    >
      <svg viewBox={`0 0 ${count} 1`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {stripPaths(slots).map(({ tone, d }) => (
          <path key={tone} className={tone} d={d} />
        ))}
        {at === null ? null : <path className="at" d={slotRect(at)} />}
      </svg>
      {at === null ? null : (
        // Shifted by the slot's share of the width, so the first and last slots' tips stay over the strip.
        <div id={tipId} role="tooltip" aria-live="polite" className="strip-tip" data-testid="slot-tip" style={{ left: `${((at + 0.5) / count) * 100}%`, transform: `translateX(-${((at + 0.5) / count) * 100}%)` }}>
          {stripSlotLine(slots[at]!, label(at), words)}
        </div>
      )}
    </div>
  );
}
