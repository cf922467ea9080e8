// The feed sets its own policy (default-src 'none'), which a config header
// from next.config.js would replace: no such rule may match /status/feed.xml.
import { describe, expect, it } from "vitest";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pathToRegexp } = require("next/dist/compiled/path-to-regexp");
// @ts-expect-error next.config.js is plain JavaScript without types
import nextConfig from "../../../next.config.js";

describe("the feed's CSP", () => {
  it("no config header rule with a Content-Security-Policy matches /status/feed.xml", async () => {
    const rules = await (nextConfig as { headers: () => Promise<Array<{ source: string; headers: Array<{ key: string }> }>> }).headers();
    const matching = rules.filter((rule) => rule.headers.some((h) => h.key.toLowerCase() === "content-security-policy") && pathToRegexp(rule.source).test("/status/feed.xml"));
    expect(matching.map((r) => r.source)).toEqual([]);
  });
});
