import type { Lang } from "../i18n/messages";

/** A count with the language's digit grouping ("10,000"). */
export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US");
}
