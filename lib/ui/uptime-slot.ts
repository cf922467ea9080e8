import type { Lang, Messages } from "../i18n/messages";
import { kindTitle } from "./kind-text";
import { slotLine, stripTone } from "./uptime-strip";

export interface Slot {
  total: number;
  ok: number;
  topKind: string | null;
  /** How the slot's time is shown. */
  label: string;
}

/** The slot's class on the status page: its tone, empty without probes. */
export function slotTone(slot: Pick<Slot, "total" | "ok">): "" | "ok" | "partial" | "bad" {
  const tone = stripTone(slot);
  return tone === "none" ? "" : tone;
}

/** What hovering a slot (or a screen reader) tells: time, counts, top error. */
export function slotText(slot: Slot, m: Messages, lang: Lang): string {
  return slotLine(slot, slot.label, { ...m.overview, kind: (kind) => kindTitle(kind, lang) });
}
