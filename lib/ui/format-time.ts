import type { Lang } from "../i18n/messages";

/** "3 min ago" / "3 分钟前", for the time since something happened. */
export function formatAgo(iso: string | null, now: number, lang: Lang): string | null {
  if (!iso) return null;
  // Whole seconds: "585 ms ago" is more precise than anyone needs.
  return `${formatDuration(Math.max(1000, now - Date.parse(iso)), lang)}${lang === "zh" ? "前" : " ago"}`;
}

/** A duration in the largest sensible unit: "20 ms", "45 s", "3 min", "2 h 5 min", "4 d". */
export function formatDuration(ms: number, lang: Lang): string {
  // Rate-limit windows reset in milliseconds: "0 s" would say nothing.
  if (ms < 1000) return `${Math.round(ms)}${lang === "zh" ? " 毫秒" : " ms"}`;
  const s = Math.round(ms / 1000);
  const units = lang === "zh" ? { s: " 秒", m: " 分钟", h: " 小时", d: " 天" } : { s: " s", m: " min", h: " h", d: " d" };
  if (s < 60) return `${s}${units.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}${units.m}`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}${units.h} ${m % 60}${units.m}` : `${h}${units.h}`;
  return `${Math.floor(h / 24)}${units.d}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return "–";
  const percent = fraction * 100;
  return `${percent === 100 ? "100" : percent.toFixed(percent >= 99 ? 2 : 1)}%`;
}

/** A time of day (or date and time) in UTC, stable between server and browser. */
export function formatTimestamp(iso: string, withDate = true): string {
  const text = iso.replace("T", " ").slice(0, 19);
  return `${withDate ? text : text.slice(11)} UTC`;
}
