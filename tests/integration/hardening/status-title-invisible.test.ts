// The public status page's title and description refuse control
// characters, bidi overrides and invisible characters, as names do.
import { describe, expect, it } from "vitest";
import { StatusPageOptions } from "@/lib/settings/status-page-options";

describe("invisible and bidi characters in status page text", () => {
  it.each([
    ["title", "Acme \u202Esutats\u202C"],
    ["title", "Ac\u200Bme"],
    ["title", "Acme\u2066x\u2069"],
    ["description", "Our routes \u202Eeveil\u202C"],
  ])("%s %j is refused", (field, value) => {
    expect(StatusPageOptions.safeParse({ [field]: value }).success).toBe(false);
  });
});
