import type { Lang, Messages } from "../i18n/messages";
import { kindTitle } from "./kind-text";

export interface Slot {
  total: number;
  ok: number;
  topKind: string | null;
  /** How the slot's time is shown. */
  label: string;
}

/** Green from 99%, amber from 90%, red below: one blip does not paint a day red. */
export function slotTone(slot: Pick<Slot, "total" | "ok">): "" | "ok" | "partial" | "bad" {
  if (slot.total === 0) return "";
  const ratio = slot.ok / slot.total;
  return ratio >= 0.99 ? "ok" : ratio >= 0.9 ? "partial" : "bad";
}

/** What hovering a slot (or a screen reader) tells: time, counts, top error. */
export function slotText(slot: Slot, m: Messages, lang: Lang): string {
  if (slot.total === 0) return `${slot.label}: ${m.overview.noData}`;
  const failed = slot.total - slot.ok;
  return `${slot.label}: ${slot.ok} ${m.overview.okCount}, ${failed} ${m.overview.failedCount}${slot.topKind ? ` · ${m.overview.topError}: ${kindTitle(slot.topKind, lang)}` : ""}`;
}
