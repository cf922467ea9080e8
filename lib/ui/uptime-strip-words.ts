import type { Lang, Messages } from "../i18n/messages";
import { kindTitle } from "./kind-text";
import type { StripWords } from "./uptime-strip";

/** The strip's words in one language, with titles for just these failure kinds (the browser gets no more). */
export function uptimeStripWords(m: Messages, lang: Lang, kinds: Iterable<string>): StripWords {
  return {
    okCount: m.overview.okCount,
    failedCount: m.overview.failedCount,
    topError: m.overview.topError,
    noData: m.overview.noData,
    summary: m.uptimeStrip.summary,
    hours: m.uptimeStrip.hours,
    join: m.uptimeStrip.join,
    worst: m.uptimeStrip.worst,
    empty: m.uptimeStrip.noData,
    kinds: Object.fromEntries([...new Set(kinds)].map((kind) => [kind, kindTitle(kind, lang)])),
  };
}
