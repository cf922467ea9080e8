// The overview's uptime strip as data the browser can carry cheaply: no
// imports beyond types, so the client component that draws it pulls in
// nothing else (no kind table, no message catalogue).

export interface StripSlot {
  total: number;
  ok: number;
  topKind: string | null;
}

export type StripTone = "none" | "ok" | "partial" | "bad";

/** The words a strip needs, in the page's language; `kinds` names only the failure kinds the page shows. */
export interface StripWords {
  okCount: string;
  failedCount: string;
  topError: string;
  noData: string;
  /** "Last 24 h: {hours}" */
  summary: string;
  /** "{n} h up" and so on, per tone, joined by `join`. */
  hours: Record<StripTone, string>;
  join: string;
  /** "; worst hour {slot}" */
  worst: string;
  /** In place of the hours when no slot has probes. */
  empty: string;
  kinds: Record<string, string>;
}

/** Green from 99%, amber from 90%, red below: one blip does not paint a day red. */
export function stripTone(slot: Pick<StripSlot, "total" | "ok">): StripTone {
  if (slot.total === 0) return "none";
  const ratio = slot.ok / slot.total;
  return ratio >= 0.99 ? "ok" : ratio >= 0.9 ? "partial" : "bad";
}

/**
 * Slots as one short string, a slot per comma: "" without probes, "60" when
 * all 60 passed, "50/60" when 50 of 60 did, then ":timeout" for the most
 * frequent failure. A page of 50 routes sends some 5 KB of these instead of
 * 1,200 labelled elements.
 */
export function encodeStrip(slots: StripSlot[]): string {
  return slots
    .map((slot) => {
      if (slot.total === 0) return "";
      const counts = slot.ok === slot.total ? String(slot.total) : `${slot.ok}/${slot.total}`;
      return slot.topKind ? `${counts}:${slot.topKind}` : counts;
    })
    .join(",");
}

/** The inverse of encodeStrip. */
export function decodeStrip(code: string): StripSlot[] {
  return code.split(",").map((part) => {
    if (part === "") return { total: 0, ok: 0, topKind: null };
    const [counts = "", topKind = null] = part.split(":");
    const [first = "0", second] = counts.split("/");
    const total = Number(second ?? first);
    return { total, ok: Number(first), topKind };
  });
}

/** What hovering or stepping to a slot tells: its time, counts and top error. */
export function slotLine(slot: StripSlot, label: string, words: Pick<StripWords, "okCount" | "failedCount" | "topError" | "noData"> & { kind: (kind: string) => string }): string {
  if (slot.total === 0) return `${label}: ${words.noData}`;
  const failed = slot.total - slot.ok;
  return `${label}: ${slot.ok} ${words.okCount}, ${failed} ${words.failedCount}${slot.topKind ? ` · ${words.topError}: ${words.kind(slot.topKind)}` : ""}`;
}

/** A slot's line with the strip's words (kind titles from the page's short list, else the code). */
export function stripSlotLine(slot: StripSlot, label: string, words: StripWords): string {
  return slotLine(slot, label, { ...words, kind: (kind) => words.kinds[kind] ?? kind });
}

/** The slot with the lowest share of passing probes (the later one of equals), or null when every slot with data is green. */
export function worstSlot(slots: StripSlot[]): number | null {
  let worst: number | null = null;
  let worstRatio = Infinity;
  slots.forEach((slot, i) => {
    const tone = stripTone(slot);
    if (tone === "none" || tone === "ok") return;
    const ratio = slot.ok / slot.total;
    if (ratio <= worstRatio) [worst, worstRatio] = [i, ratio];
  });
  return worst;
}

/**
 * The one accessible sentence for a strip: hours per tone (zero counts left
 * out) and the worst hour in full, e.g. "Last 24 h: 22 h up, 1 h degraded,
 * 1 h down; worst hour 2026-11-29 09:00 UTC: 50 ok, 10 failed · top error: Timeout".
 * `label(i)` writes slot i's time.
 */
export function stripSummary(slots: StripSlot[], words: StripWords, label: (index: number) => string): string {
  const counts: Record<StripTone, number> = { ok: 0, partial: 0, bad: 0, none: 0 };
  for (const slot of slots) counts[stripTone(slot)]++;
  if (counts.none === slots.length) return words.summary.replace("{hours}", words.empty);
  const hours = (["ok", "partial", "bad", "none"] as const)
    .filter((tone) => counts[tone] > 0)
    .map((tone) => words.hours[tone].replace("{n}", String(counts[tone])))
    .join(words.join);
  const worst = worstSlot(slots);
  const tail = worst === null ? "" : words.worst.replace("{slot}", stripSlotLine(slots[worst]!, label(worst), words));
  return words.summary.replace("{hours}", hours) + tail;
}

/**
 * One SVG path per tone, a line per run of same-tone slots: slot i spans
 * x = i + 0.1 to i + 0.9 of a viewBox `slots.length` wide, and the line's
 * dashes (0.8 on, 0.2 off, restarting at each run: globals.css) cut a run
 * into its slots. Four elements a strip at most, and a day without change
 * is one short line, whatever the strip's length.
 */
export function stripPaths(slots: StripSlot[]): Array<{ tone: StripTone; d: string }> {
  const paths = new Map<StripTone, string>();
  for (let start = 0; start < slots.length; ) {
    const tone = stripTone(slots[start]!);
    let end = start + 1;
    while (end < slots.length && stripTone(slots[end]!) === tone) end++;
    // Written out rather than computed: "h2.8", never "h2.8000000000000003".
    paths.set(tone, `${paths.get(tone) ?? ""}M${start}.1 .5h${end - start - 1 || ""}.8`);
    start = end;
  }
  return [...paths].map(([tone, d]) => ({ tone, d }));
}

/** Slot i's rectangle as path data (the slot pointed at). */
export function slotRect(index: number): string {
  return `M${index}.1 0h.8v1h-.8z`;
}
