import { kindTitle } from "@/lib/ui/kind-text";
import type { Lang, Messages } from "@/lib/i18n/messages";
import type { UptimeSlot } from "@/lib/dashboard/get-overview";
import { formatTimestamp } from "@/lib/ui/format-time";

/** Slots of uptime; hovering (or a screen reader) tells the time, counts and top error. */
export function UptimeBar({ slots, m, lang, long = false }: { slots: Array<UptimeSlot & { label?: string }>; m: Messages; lang: Lang; long?: boolean }) {
  return (
    <div className={`uptime-bar${long ? " long" : ""}`} role="list">
      {slots.map((slot) => {
        const failed = slot.total - slot.ok;
        const tone = slot.total === 0 ? "" : failed === 0 ? "ok" : slot.ok === 0 ? "bad" : "partial";
        const when = slot.label ?? formatTimestamp(slot.start).slice(0, 16);
        const text =
          slot.total === 0
            ? `${when}: ${m.overview.noData}`
            : `${when}: ${slot.ok} ${m.overview.okCount}, ${failed} ${m.overview.failedCount}${slot.topKind ? ` · ${m.overview.topError}: ${kindTitle(slot.topKind, lang)}` : ""}`;
        return <span key={slot.start} role="listitem" className={`slot ${tone}`} title={text} aria-label={text} />;
      })}
    </div>
  );
}
