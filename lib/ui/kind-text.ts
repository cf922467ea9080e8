import { OUTCOME_KINDS } from "../classify/kinds";
import type { Lang } from "../i18n/messages";
import { routeEventKindInfo } from "../monitoring/slow-kind";

function info(kind: string) {
  return routeEventKindInfo(kind) ?? OUTCOME_KINDS.unknown;
}

/** A kind's plain name in the page's language. */
export function kindTitle(kind: string, lang: Lang): string {
  return info(kind).title[lang];
}

export function kindHint(kind: string, lang: Lang): string {
  return info(kind).hint[lang];
}
