import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import { decodeStrip, encodeStrip, stripPaths, stripSlotLine, stripSummary, stripTone, worstSlot, type StripSlot } from "@/lib/ui/uptime-strip";
import { uptimeStripWords } from "@/lib/ui/uptime-strip-words";
import { slotText, slotTone } from "@/lib/ui/uptime-slot";

const none: StripSlot = { total: 0, ok: 0, topKind: null };
const up = (total = 60): StripSlot => ({ total, ok: total, topKind: null });
const failing = (ok: number, total: number, topKind: string | null = "timeout"): StripSlot => ({ total, ok, topKind });
const label = (i: number) => `T${i}`;

describe("encodeStrip / decodeStrip: every slot survives the trip", () => {
  it.each<[string, StripSlot[], string]>([
    ["all passed", [up(60), up(1)], "60,1"],
    ["without probes", [none, none], ","],
    ["some failed, with the top kind", [failing(50, 60), failing(0, 3, "proxy_auth_failed")], "50/60:timeout,0/3:proxy_auth_failed"],
    ["failed without a known kind", [failing(5, 6, null)], "5/6"],
    ["a kind on a slot that passed (a kind code, not ok)", [{ total: 4, ok: 4, topKind: "rate_limited" }], "4:rate_limited"],
    ["mixed, 24 slots", [...Array.from({ length: 22 }, () => up()), none, failing(59, 60)], `${Array(22).fill("60").join(",")},,59/60:timeout`],
  ])("%s", (_name, slots, code) => {
    expect(encodeStrip(slots)).toBe(code);
    expect(decodeStrip(code)).toEqual(slots);
  });
});

describe("stripTone: the colour thresholds, shared with the status page", () => {
  it.each<[StripSlot, string, string]>([
    [none, "none", ""],
    [up(), "ok", "ok"],
    [failing(99, 100), "ok", "ok"],
    [failing(98, 100), "partial", "partial"],
    [failing(9, 10), "partial", "partial"],
    [failing(89, 100), "bad", "bad"],
    [failing(0, 1), "bad", "bad"],
  ])("%o → %s", (slot, tone, statusClass) => {
    expect(stripTone(slot)).toBe(tone);
    expect(slotTone(slot)).toBe(statusClass);
  });
});

describe("stripSummary: one sentence a strip, in both languages", () => {
  const en = uptimeStripWords(MESSAGES.en, "en", ["timeout", "proxy_auth_failed"]);
  const zh = uptimeStripWords(MESSAGES.zh, "zh", ["timeout"]);
  it.each<[string, StripSlot[], number | null, string, string]>([
    ["all up", [up(), up(), up()], null, "Last 24 h: 3 h up", "最近 24 小时：3 小时正常"],
    ["nothing probed", [none, none], null, "Last 24 h: no probes", "最近 24 小时：无探测"],
    [
      "one degraded hour",
      [up(), failing(56, 60), none],
      1,
      "Last 24 h: 1 h up, 1 h degraded, 1 h without probes; worst hour T1: 56 ok, 4 failed · top error: Timeout",
      "最近 24 小时：1 小时正常，1 小时不稳定，1 小时无探测；最差的一小时 T1: 56 成功, 4 失败 · 主要错误: 请求超时",
    ],
    [
      "the worst of several, the later of equals",
      [failing(0, 10), up(), failing(50, 60), failing(0, 4)],
      3,
      "Last 24 h: 1 h up, 3 h down; worst hour T3: 0 ok, 4 failed · top error: Timeout",
      "最近 24 小时：1 小时正常，3 小时中断；最差的一小时 T3: 0 成功, 4 失败 · 主要错误: 请求超时",
    ],
  ])("%s", (_name, slots, worst, english, chinese) => {
    expect(worstSlot(slots)).toBe(worst);
    expect(stripSummary(slots, en, label)).toBe(english);
    expect(stripSummary(slots, zh, label)).toBe(chinese);
  });
});

describe("stripSlotLine: the tip says what the status page's slot says", () => {
  const words = uptimeStripWords(MESSAGES.en, "en", ["timeout"]);
  it.each<[StripSlot, string]>([
    [none, "T: no data"],
    [up(), "T: 60 ok, 0 failed"],
    [failing(50, 60), "T: 50 ok, 10 failed · top error: Timeout"],
    // A kind the page did not name (never happens on the overview) still shows its code rather than nothing.
    [failing(0, 1, "dns_failure"), "T: 0 ok, 1 failed · top error: dns_failure"],
  ])("%o", (slot, line) => {
    expect(stripSlotLine(slot, "T", words)).toBe(line);
    if (slot.topKind !== "dns_failure") expect(slotText({ ...slot, label: "T" }, MESSAGES.en, "en")).toBe(line);
  });
});

describe("stripPaths: one path per tone, a dashed line per run of slots", () => {
  it("draws every slot once, in its tone's path", () => {
    const slots = [up(), up(), failing(50, 60), none, up(), failing(58, 60), failing(57, 60), failing(56, 60)];
    expect(stripPaths(slots)).toEqual([
      { tone: "ok", d: "M0.1 .5h1.8M4.1 .5h.8" },
      { tone: "bad", d: "M2.1 .5h.8" },
      { tone: "none", d: "M3.1 .5h.8" },
      { tone: "partial", d: "M5.1 .5h2.8" },
    ]);
  });
  it.each([1, 3, 10, 23, 24])("%i slots of one tone make one line, as long as the slots and the gaps between them", (length) => {
    const paths = stripPaths(Array.from({ length }, () => up()));
    expect(paths).toEqual([{ tone: "ok", d: `M0.1 .5h${length === 1 ? "" : length - 1}.8` }]);
  });
});
