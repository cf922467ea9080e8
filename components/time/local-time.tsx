"use client";

import { zonedText, zoneName, type TimeStyle } from "@/lib/ui/zoned-time";
import { useViewerZone } from "./use-viewer-zone";

/**
 * A time in the viewer's zone (or UTC if they chose it), naming the zone.
 * The server writes it in UTC; the browser rewrites it once it knows the zone.
 */
export function LocalTime({ iso, style = "full" }: { iso: string; style?: Exclude<TimeStyle, "zone" | "tick" | "tick-day"> }) {
  const zone = useViewerZone() ?? "UTC";
  return (
    <time dateTime={iso} title={zoneName(zone, iso)} data-zone={zone}>
      {zonedText(iso, zone, style)}
    </time>
  );
}
