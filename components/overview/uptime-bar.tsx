import type { Lang, Messages } from "@/lib/i18n/messages";
import type { UptimeSlot } from "@/lib/dashboard/get-overview";
import { slotText, slotTone } from "@/lib/ui/uptime-slot";
import { UptimeSlots } from "./uptime-slots";

/** Hourly slots of uptime, oldest first; hovering (or a screen reader) tells the time, counts and top error. */
export function UptimeBar({ slots, m, lang }: { slots: UptimeSlot[]; m: Messages; lang: Lang }) {
  // The words are made here; the time goes in where "{time}" stands, in the viewer's zone.
  if (slots.length === 0) return null;
  return <UptimeSlots first={slots[0]!.start} slots={slots.map((slot): [string, string] => [slotTone(slot), slotText({ ...slot, label: "{time}" }, m, lang)])} />;
}
