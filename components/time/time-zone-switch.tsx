"use client";

import { zoneName } from "@/lib/ui/zoned-time";
import { useUtcChosen, useViewerZone } from "./use-viewer-zone";

export interface TimeZoneSwitchLabels {
  times: string;
  local: string;
  utc: string;
}

/**
 * Which zone times are shown in, and plain links to switch (a cookie set by
 * /api/preferences, like language and theme), so the choice holds on every page.
 */
export function TimeZoneSwitch({ labels, back }: { labels: TimeZoneSwitchLabels; back: string }) {
  const zone = useViewerZone();
  const utc = useUtcChosen();
  const now = new Date().toISOString();
  return (
    <span data-testid="time-zone-switch" data-zone={zone ?? ""}>
      {labels.times}:{" "}
      <a href={`/api/preferences?tz=local&back=${back}`} aria-current={utc === false ? "true" : undefined}>
        {labels.local}
      </a>
      {zone !== null && utc === false ? <span className="muted" data-testid="viewer-zone"> ({zoneName(zone, now)})</span> : null}
      {" / "}
      <a href={`/api/preferences?tz=utc&back=${back}`} aria-current={utc === true ? "true" : undefined}>
        {labels.utc}
      </a>
    </span>
  );
}
