import { kindTexts } from "../i18n/kind-texts";
import type { Lang } from "../i18n/messages";

/** A kind's plain name in the page's language. */
export function kindTitle(kind: string, lang: Lang): string {
  return kindTexts(kind).title[lang];
}

export function kindHint(kind: string, lang: Lang): string {
  return kindTexts(kind).hint[lang];
}
