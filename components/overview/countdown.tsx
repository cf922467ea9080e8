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
  return <time dateTime={until}>{now === null ? until.slice(11, 19) + " UTC" : formatDuration(left, lang)}</time>;
}
