"use client";

import { useEffect, useState } from "react";
import type { Lang } from "@/lib/i18n/messages";
import { formatDuration } from "@/lib/ui/format-time";

/** Time left until `until`, ticking every second once JavaScript runs. */
export function Countdown({ until, lang }: { until: string; lang: Lang }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Date.parse(until) - (now ?? Date.parse(until)));
  // It ticks by the second; a reset already past shows as a dash.
  const text = now === null ? `${until.slice(11, 19)} UTC` : left > 0 ? formatDuration(Math.max(1000, Math.ceil(left / 1000) * 1000), lang) : "–";
  return <time dateTime={until}>{text}</time>;
}
