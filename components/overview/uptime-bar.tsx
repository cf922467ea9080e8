import type { Lang, Messages } from "@/lib/i18n/messages";
import type { UptimeSlot } from "@/lib/dashboard/get-overview";
import { formatTimestamp } from "@/lib/ui/format-time";
import { slotText, slotTone } from "@/lib/ui/uptime-slot";

/** Slots of uptime; hovering (or a screen reader) tells the time, counts and top error. */
export function UptimeBar({ slots, m, lang }: { slots: UptimeSlot[]; m: Messages; lang: Lang }) {
  return (
    <div className="uptime-bar" role="list">
      {slots.map((slot) => {
        const text = slotText({ ...slot, label: formatTimestamp(slot.start).slice(0, 16) }, m, lang);
        return <span key={slot.start} role="listitem" className={`slot ${slotTone(slot)}`} title={text} aria-label={text} />;
      })}
    </div>
  );
}
