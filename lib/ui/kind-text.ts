import { OUTCOME_KINDS, type OutcomeKind } from "../classify/kinds";
import type { Lang } from "../i18n/messages";
import { SLOW_KIND, SLOW_KIND_INFO } from "../monitoring/slow-kind";

function info(kind: string) {
  if (kind === SLOW_KIND) return SLOW_KIND_INFO;
  return kind in OUTCOME_KINDS ? OUTCOME_KINDS[kind as OutcomeKind] : OUTCOME_KINDS.unknown;
}

/** A kind's plain name in the page's language. */
export function kindTitle(kind: string, lang: Lang): string {
  return info(kind).title[lang];
}

export function kindHint(kind: string, lang: Lang): string {
  return info(kind).hint[lang];
}
