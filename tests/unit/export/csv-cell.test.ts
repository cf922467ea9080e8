// Issue 10 (item 18): CSV cells are escaped (RFC 4180) and never run as a
// spreadsheet formula.
import { describe, expect, it } from "vitest";
import { csvCell, csvRow, safeFileName } from "@/lib/export/csv-cell";

describe("csvCell", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    [42, "42"],
    [12.5, "12.5"],
    [-3, "-3"],
    [Number.NaN, ""],
    [true, "true"],
    [false, "false"],
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["cr\rhere", '"cr\rhere"'],
    // Formula injection: a leading ' makes the spreadsheet show text.
    ['=HYPERLINK("http://evil","x")', '"\'=HYPERLINK(""http://evil"",""x"")"'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "\"'\r=1\""],
    ["=1,2", "\"'=1,2\""],
    ["a=b", "a=b"],
    ["中文 消息", "中文 消息"],
  ] as const)("%j → %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("ends a row with CRLF", () => {
    expect(csvRow(["a", 1, null, "=x"])).toBe("a,1,,'=x\r\n");
  });
});

describe("safeFileName", () => {
  it.each([
    ["proxypulse-api-via-clash", "proxypulse-api-via-clash"],
    ['a"b;c\r\nd', "a_b_c_d"],
    ["../../etc/passwd", "etc_passwd"],
    ["中文线路", "export"],
    ["x".repeat(300), "x".repeat(120)],
  ])("%j → %j", (text, expected) => {
    expect(safeFileName(text)).toBe(expected);
  });
});
