import { OUTCOME_KINDS, type OutcomeKind } from "../classify/kinds";
import type { Lang } from "../i18n/messages";

function info(kind: string) {
  return kind in OUTCOME_KINDS ? OUTCOME_KINDS[kind as OutcomeKind] : OUTCOME_KINDS.unknown;
}

/** A kind's plain name in the page's language. */
export function kindTitle(kind: string, lang: Lang): string {
  return info(kind).title[lang];
}

export function kindHint(kind: string, lang: Lang): string {
  return info(kind).hint[lang];
}
