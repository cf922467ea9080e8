"use client";

import { useViewerZone } from "@/components/time/use-viewer-zone";
import { zonedText } from "@/lib/ui/zoned-time";

/** The uptime bar's slots, each titled with its start in the viewer's zone (UTC until the browser knows it). */
export function UptimeSlots({ slots }: { slots: Array<{ start: string; tone: string; text: string }> }) {
  const zone = useViewerZone() ?? "UTC";
  return (
    <div className="uptime-bar" role="list">
      {slots.map((slot) => {
        const text = slot.text.replace("{time}", zonedText(slot.start, zone, "minute"));
        return <span key={slot.start} role="listitem" className={`slot ${slot.tone}`} title={text} aria-label={text} />;
      })}
    </div>
  );
}
