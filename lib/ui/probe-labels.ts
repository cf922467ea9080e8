import { OUTCOME_KIND_NAMES } from "../classify/kinds";
import { KIND_TEXTS } from "../i18n/kind-texts";
import type { Lang, Messages } from "../i18n/messages";

/** What the probe button shows, in one language only (the browser gets no more). */
export function probeLabels(m: Messages, lang: Lang, all: boolean) {
  return {
    idle: all ? m.overview.probeAll : m.overview.probeNow,
    busy: m.overview.probing,
    timings: m.result.timings,
    total: m.result.total,
    okCount: m.overview.okCount,
    failedCount: m.overview.failedCount,
    via: m.overview.via,
    kindTitles: Object.fromEntries(OUTCOME_KIND_NAMES.map((kind) => [kind, KIND_TEXTS[kind].title[lang]])),
  };
}
