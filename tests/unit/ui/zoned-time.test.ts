// Issue 10 (item 2): times are written in the viewer's zone, naming it.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import { renderStatusHtml, statusPageCsp } from "@/lib/status/render-status-html";
import { STATUS_TIME_SCRIPT } from "@/lib/status/status-times";
import { zonedText, zoneName } from "@/lib/ui/zoned-time";
import { createHash } from "node:crypto";

describe("zonedText", () => {
  it.each([
    // instant, zone, style, text
    ["2026-11-29T14:05:09.000Z", "UTC", "full", "2026-11-29 14:05:09 UTC"],
    ["2026-11-29T14:05:09.000Z", "Asia/Shanghai", "full", "2026-11-29 22:05:09 UTC+8"],
    // Past midnight there: the date moves too, and midnight is 00 (not 24).
    ["2026-11-29T16:00:00.000Z", "Asia/Shanghai", "full", "2026-11-30 00:00:00 UTC+8"],
    ["2026-11-29T14:05:09.000Z", "Asia/Kolkata", "minute", "2026-11-29 19:35 UTC+5:30"],
    ["2026-11-29T14:05:09.000Z", "America/Sao_Paulo", "clock", "11:05 UTC-3"],
    // Daylight saving: the same zone has two offsets in a year.
    ["2026-01-15T12:00:00.000Z", "America/New_York", "clock", "07:00 UTC-5"],
    ["2026-07-15T12:00:00.000Z", "America/New_York", "clock", "08:00 UTC-4"],
    ["2026-11-29T14:05:09.000Z", "Asia/Shanghai", "tick", "22:05"],
    ["2026-11-29T14:05:09.000Z", "Asia/Shanghai", "tick-day", "11-29 22:05"],
    ["2026-11-29T14:05:09.000Z", "Asia/Shanghai", "zone", "UTC+8"],
    ["2026-11-29T14:05:09.000Z", "Etc/UTC", "zone", "UTC"],
  ] as const)("%s in %s (%s) → %s", (iso, zone, style, text) => {
    expect(zonedText(iso, zone, style)).toBe(text);
  });

  it("names a zone by its place and offset, and UTC as UTC", () => {
    expect(zoneName("Asia/Shanghai", "2026-11-29T14:05:09.000Z")).toBe("Asia/Shanghai (UTC+8)");
    expect(zoneName("UTC", "2026-11-29T14:05:09.000Z")).toBe("UTC");
    expect(zoneName("Etc/UTC", "2026-11-29T14:05:09.000Z")).toBe("UTC");
  });
});

/** Runs the status page's script against a minimal document in a browser zone, returning what the time elements say. */
function runStatusScript(zone: string, html: { tz?: string }) {
  const times = [
    { datetime: "2026-11-29T14:05:09.000Z", style: "full", textContent: "2026-11-29 14:05:09 UTC" },
    { datetime: "2026-11-29T14:05:09.000Z", style: "clock", textContent: "14:05 UTC" },
  ].map((el) => ({ ...el, getAttribute: (name: string) => (name === "datetime" ? el.datetime : el.style) }));
  const zoneSlot = { textContent: "UTC" };
  const RealFormat = Intl.DateTimeFormat;
  // The browser's zone: Intl with no zone given resolves to it.
  const BrowserFormat = function (locale?: string, options?: Intl.DateTimeFormatOptions) {
    return new RealFormat(locale, { timeZone: zone, ...options });
  } as unknown as typeof Intl.DateTimeFormat;
  const document = {
    documentElement: { getAttribute: (name: string) => (name === "data-tz" ? (html.tz ?? null) : null) },
    querySelectorAll: (selector: string) => (selector.startsWith("time") ? times : [zoneSlot]),
  };
  runInNewContext(STATUS_TIME_SCRIPT, { document, Intl: { DateTimeFormat: BrowserFormat }, Date, Math, Number, String });
  return { times: times.map((el) => el.textContent), zone: zoneSlot.textContent };
}

describe("the status page's time script", () => {
  it("rewrites every time in the viewer's zone and names the zone", () => {
    expect(runStatusScript("Asia/Shanghai", {})).toEqual({ times: ["2026-11-29 22:05:09 UTC+8", "22:05 UTC+8"], zone: "Asia/Shanghai (UTC+8)" });
  });

  it("leaves the server's UTC alone when the viewer chose UTC", () => {
    expect(runStatusScript("Asia/Shanghai", { tz: "utc" })).toEqual({ times: ["2026-11-29 14:05:09 UTC", "14:05 UTC"], zone: "UTC" });
  });

  it("is the one script on the page, and the page's policy allows exactly it", () => {
    const html = renderStatusHtml({ overall: "unknown", updatedAt: "2026-11-29T14:05:09.000Z", routes: [], days: {}, maintenance: {}, plannedMaintenance: [], incidents: [] }, { m: MESSAGES.en, lang: "en", theme: "system" });
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
    expect(scripts).toEqual([STATUS_TIME_SCRIPT]);
    expect(statusPageCsp({})).toContain(`script-src 'sha256-${createHash("sha256").update(scripts[0]!).digest("base64")}'`);
    expect(statusPageCsp({})).not.toContain("unsafe");
  });
});
