"use client";

import { useEffect, useState } from "react";
import type { Lang } from "@/lib/i18n/messages";
import { formatDuration } from "@/lib/ui/format-time";

/**
 * "resets in 42 s", ticking every second once JavaScript runs; once the
 * moment has passed the line goes away (a reset already past tells nothing).
 */
export function Countdown({ until, lang, prefix }: { until: string; lang: Lang; prefix: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = now === null ? null : Date.parse(until) - now;
  if (left !== null && left <= 0) return null;
  const text = left === null ? `${until.slice(11, 19)} UTC` : formatDuration(Math.max(1000, Math.ceil(left / 1000) * 1000), lang);
  return (
    <span className="muted small" data-testid="quota-reset">
      {prefix} <time dateTime={until}>{text}</time>
    </span>
  );
}
