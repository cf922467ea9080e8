// Issue 10 (item 17): recurring maintenance windows, expanded in a named
// time zone, correct across daylight-saving changes.
import { describe, expect, it } from "vitest";
import { currentOrNextOccurrence, occurrenceAt, occurrencesBetween, Repeat } from "@/lib/maintenance/recurrence";
import { isTimeZone, wallTimeToInstant, zoneOffsetMs } from "@/lib/maintenance/zoned-time";

const iso = (ms: number) => new Date(ms).toISOString();
const t = (text: string) => Date.parse(text);

describe("wall time in a zone → instant", () => {
  it.each([
    // zone, date, wall time, instant
    ["UTC", "2026-03-29", "02:00", "2026-03-29T02:00:00.000Z"],
    ["Asia/Shanghai", "2026-12-06", "02:00", "2026-12-05T18:00:00.000Z"],
    ["Europe/Berlin", "2026-03-28", "02:00", "2026-03-28T01:00:00.000Z"], // CET, the day before the change
    ["Europe/Berlin", "2026-03-29", "01:59", "2026-03-29T00:59:00.000Z"], // last minute of CET
    ["Europe/Berlin", "2026-03-29", "02:30", "2026-03-29T01:30:00.000Z"], // does not exist: moves on by the gap (03:30 CEST)
    ["Europe/Berlin", "2026-03-29", "03:00", "2026-03-29T01:00:00.000Z"], // first minute of CEST
    ["Europe/Berlin", "2026-03-30", "02:00", "2026-03-30T00:00:00.000Z"], // CEST
    ["Europe/Berlin", "2026-10-25", "02:30", "2026-10-25T00:30:00.000Z"], // occurs twice: the first (CEST)
    ["Europe/Berlin", "2026-10-25", "03:00", "2026-10-25T02:00:00.000Z"], // CET again
    ["America/New_York", "2026-03-08", "02:30", "2026-03-08T07:30:00.000Z"], // gap: 03:30 EDT
    ["America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00.000Z"], // twice: the first (EDT)
    ["Asia/Kolkata", "2026-01-01", "00:00", "2025-12-31T18:30:00.000Z"], // half-hour offset
    ["Pacific/Chatham", "2026-07-01", "12:00", "2026-06-30T23:15:00.000Z"], // +12:45
  ] as const)("%s %s %s → %s", (zone, date, clock, expected) => {
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    const minutes = Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
    expect(iso(wallTimeToInstant({ year, month, day }, minutes, zone))).toBe(expected);
  });

  it("reads offsets from the runtime's zone data", () => {
    expect(zoneOffsetMs(t("2026-01-15T12:00:00Z"), "Europe/Berlin")).toBe(3_600_000);
    expect(zoneOffsetMs(t("2026-07-15T12:00:00Z"), "Europe/Berlin")).toBe(7_200_000);
  });

  it.each([
    ["Europe/Berlin", true],
    ["Asia/Shanghai", true],
    ["UTC", true],
    ["Mars/Olympus", false],
    ["", false],
    ["Europe/Berlin; drop table", false],
  ])("knows whether %j is a time zone (%s)", (zone, known) => {
    expect(isTimeZone(zone)).toBe(known);
  });
});

describe("occurrences", () => {
  const sundays2to3Berlin = Repeat.parse({ weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "Europe/Berlin" });

  it("a weekly 02:00–03:00 Berlin window keeps its wall time across the March and October changes", () => {
    const found = occurrencesBetween(sundays2to3Berlin, t("2026-03-20T00:00:00Z"), t("2026-04-06T00:00:00Z")).map((o) => [iso(o.from), iso(o.to)]);
    expect(found).toEqual([
      ["2026-03-22T01:00:00.000Z", "2026-03-22T02:00:00.000Z"], // CET
      // 29 March 02:00 does not exist: the window runs 03:00–03:00 CEST → a minute at least, never negative.
      ["2026-03-29T01:00:00.000Z", "2026-03-29T01:01:00.000Z"],
      ["2026-04-05T00:00:00.000Z", "2026-04-05T01:00:00.000Z"], // CEST
    ]);
    const autumn = occurrencesBetween(sundays2to3Berlin, t("2026-10-20T00:00:00Z"), t("2026-11-02T00:00:00Z")).map((o) => [iso(o.from), iso(o.to)]);
    expect(autumn).toEqual([
      ["2026-10-25T00:00:00.000Z", "2026-10-25T02:00:00.000Z"], // 02:00 CEST → 03:00 CET: two real hours
      ["2026-11-01T01:00:00.000Z", "2026-11-01T02:00:00.000Z"],
    ]);
  });

  it("a duration counts real minutes, whatever the clocks do", () => {
    const repeat = Repeat.parse({ daily: true, start: "01:30", durationMinutes: 120, timeZone: "Europe/Berlin" });
    const [occurrence] = occurrencesBetween(repeat, t("2026-03-29T00:00:00Z"), t("2026-03-29T12:00:00Z"));
    expect(occurrence!.to - occurrence!.from).toBe(120 * 60_000);
    expect(iso(occurrence!.from)).toBe("2026-03-29T00:30:00.000Z");
  });

  it.each([
    // rule, at, current-or-next [from, to], in force
    [{ daily: true, start: "23:00", end: "01:00", timeZone: "UTC" }, "2026-06-10T00:30:00Z", ["2026-06-09T23:00:00.000Z", "2026-06-10T01:00:00.000Z"], true],
    [{ daily: true, start: "23:00", end: "01:00", timeZone: "UTC" }, "2026-06-10T01:00:00Z", ["2026-06-10T23:00:00.000Z", "2026-06-11T01:00:00.000Z"], false],
    [{ weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "Asia/Shanghai" }, "2026-12-05T18:30:00Z", ["2026-12-05T18:00:00.000Z", "2026-12-05T19:00:00.000Z"], true],
    [{ weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "Asia/Shanghai" }, "2026-12-05T19:00:00Z", ["2026-12-12T18:00:00.000Z", "2026-12-12T19:00:00.000Z"], false],
    [{ weekly: ["mon", "fri"], start: "12:00", durationMinutes: 30, timeZone: "UTC" }, "2026-12-02T00:00:00Z", ["2026-12-04T12:00:00.000Z", "2026-12-04T12:30:00.000Z"], false],
    [{ monthly: [31], start: "00:00", end: "06:00", timeZone: "UTC" }, "2026-04-01T00:00:00Z", ["2026-05-31T00:00:00.000Z", "2026-05-31T06:00:00.000Z"], false],
    [{ monthly: [1, 15], start: "08:00", end: "09:00", timeZone: "America/New_York" }, "2026-11-15T13:30:00Z", ["2026-11-15T13:00:00.000Z", "2026-11-15T14:00:00.000Z"], true],
    [{ monthly: [29], start: "00:00", durationMinutes: 60, timeZone: "UTC" }, "2027-02-01T00:00:00Z", ["2027-03-29T00:00:00.000Z", "2027-03-29T01:00:00.000Z"], false],
  ] as const)("%j at %s → %j (in force %s)", (rule, at, expected, inForce) => {
    const repeat = Repeat.parse(rule);
    const occurrence = currentOrNextOccurrence(repeat, t(at));
    expect(occurrence && [iso(occurrence.from), iso(occurrence.to)]).toEqual(expected);
    expect(occurrenceAt(repeat, t(at)) !== null).toBe(inForce);
  });
});

describe("the rule's checks", () => {
  it.each([
    [{ start: "02:00", end: "03:00", timeZone: "UTC" }, "exactly one of daily"],
    [{ daily: true, weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "UTC" }, "exactly one of daily"],
    [{ weekly: [], start: "02:00", end: "03:00", timeZone: "UTC" }, "at least one weekday"],
    [{ weekly: ["sunday"], start: "02:00", end: "03:00", timeZone: "UTC" }, "a weekday is one of sun"],
    [{ monthly: [0], start: "02:00", end: "03:00", timeZone: "UTC" }, "1–31"],
    [{ monthly: [32], start: "02:00", end: "03:00", timeZone: "UTC" }, "1–31"],
    [{ daily: true, start: "2:00", end: "03:00", timeZone: "UTC" }, "HH:MM"],
    [{ daily: true, start: "24:00", end: "03:00", timeZone: "UTC" }, "HH:MM"],
    [{ daily: true, start: "02:00", timeZone: "UTC" }, "give end"],
    [{ daily: true, start: "02:00", end: "03:00", durationMinutes: 60, timeZone: "UTC" }, "give end"],
    [{ daily: true, start: "02:00", end: "02:00", timeZone: "UTC" }, "end must differ"],
    [{ daily: true, start: "02:00", durationMinutes: 0, timeZone: "UTC" }, "at least 1"],
    [{ daily: true, start: "02:00", durationMinutes: 20_000, timeZone: "UTC" }, "at most 10080"],
    [{ daily: true, start: "02:00", end: "03:00", timeZone: "Mars/Olympus" }, "IANA time zone"],
    [{ daily: true, start: "02:00", end: "03:00" }, "timeZone is required"],
    [{ daily: true, start: "02:00", end: "03:00", timeZone: "UTC", every: 2 }, "Unrecognized key"],
  ])("%j is refused: %s", (rule, message) => {
    const parsed = Repeat.safeParse(rule);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.message).join("; ")).toContain(message);
  });
});
