import { afterEach, describe, expect, it, vi } from "vitest";
import { dashboardUrl } from "@/lib/config/dashboard-url";

afterEach(() => vi.unstubAllEnvs());

describe("the dashboard's address in alerts", () => {
  it.each([
    ["https://pulse.example.com/", undefined, "https://pulse.example.com"],
    ["https://pulse.example.com/base", "3712", "https://pulse.example.com/base"],
    [undefined, undefined, "http://localhost:3000"],
    [undefined, "3712", "http://localhost:3712"],
    [null, "not-a-port", "http://localhost:3000"],
  ] as Array<[string | null | undefined, string | undefined, string]>)("publicUrl %s with PORT %s → %s", (publicUrl, port, expected) => {
    vi.stubEnv("PORT", port);
    expect(dashboardUrl(publicUrl)).toBe(expected);
  });
});
