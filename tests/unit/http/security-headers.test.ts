import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";

/** next.config.js is plain JavaScript (Next reads it before any TypeScript): import it by URL and give it Next's type. */
async function loadNextConfig(): Promise<NextConfig> {
  const module = (await import(pathToFileURL(join(process.cwd(), "next.config.js")).href)) as { default: NextConfig };
  return module.default;
}

// The headers every response gets (the built app is checked too, in the e2e suite).
describe("security headers", () => {
  it("apply to every path and forbid framing, sniffing and foreign scripts", async () => {
    const rules = await (await loadNextConfig()).headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.source).toBe("/:path*");
    const headers = Object.fromEntries(rules[0]!.headers.map((header) => [header.key.toLowerCase(), header.value]));
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
    const csp = Object.fromEntries(headers["content-security-policy"]!.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }));
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).not.toContain("*");
    expect(csp["script-src"]).not.toContain("'unsafe-eval'");
    expect(csp["form-action"]).toEqual(["'self'"]);
  });
});
