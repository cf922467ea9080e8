import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { buildCustomRoute } from "next/dist/lib/build-custom-route";
import { describe, expect, it } from "vitest";

/** next.config.js is plain JavaScript (Next reads it before any TypeScript): import it by URL and give it Next's type. */
async function loadNextConfig(): Promise<NextConfig> {
  const module = (await import(pathToFileURL(join(process.cwd(), "next.config.js")).href)) as { default: NextConfig };
  return module.default;
}

/** The headers Next would add to a path, matched by the regex Next's build writes into routes-manifest.json. */
async function headersFor(path: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const rule of await (await loadNextConfig()).headers!()) {
    if (new RegExp(buildCustomRoute("header", rule).regex).test(path)) {
      for (const header of rule.headers) headers[header.key.toLowerCase()] = header.value;
    }
  }
  return headers;
}

function directives(policy: string | undefined): Record<string, string[]> {
  return Object.fromEntries((policy ?? "").split(";").map((part) => {
    const [name = "", ...values] = part.trim().split(/\s+/);
    return [name, values];
  }));
}

// The built app is checked too, in the e2e suite.
describe("security headers", () => {
  it.each(["/", "/login", "/routes/1", "/api/proxies", "/status"])("%s cannot be framed or sniffed and sends no referrer elsewhere", async (path) => {
    const headers = await headersFor(path);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });

  it.each(["/", "/login", "/routes/1", "/api/proxies"])("%s has a policy without foreign scripts, plugins or framing", async (path) => {
    const csp = directives((await headersFor(path))["content-security-policy"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
  });

  it("leaves /status its own stricter policy (a config header would replace the route's)", async () => {
    expect((await headersFor("/status"))["content-security-policy"]).toBeUndefined();
  });
});
