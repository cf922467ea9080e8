// A logo's https origin goes into the status page's CSP header: only plain
// host names pass (the URL parser keeps ';', '*', ',' and quotes in a host),
// so a logo can never add a directive or widen img-src.
import { describe, expect, it } from "vitest";
import * as statusPageSettings from "@/app/api/settings/status-page/route";
import { statusPageCsp } from "@/lib/status/render-status-html";
import { effectiveStatusPageOptions } from "@/lib/settings/status-page-options";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const test = useHardeningService();

describe("logoUrl and the status page CSP", () => {
  it("end to end: the served /status header carries the injected directive", async () => {
    const statusPage = await import("@/app/status/route");
    await call(statusPageSettings.PUT as never, { method: "PUT", path: "/api/settings/status-page", body: { logoUrl: "https://evil.example;report-uri/x.png" } });
    const page = await call(statusPage.GET as never, { path: "/status", token: null });
    expect(page.headers.get("content-security-policy")).not.toContain("report-uri");
  });
  it.each([
    "https://evil.example;report-uri/x.png",
    "https://evil.example%3Bsandbox/x.png",
    "https://*/x.png",
    "https://evil.example,a/x.png",
    "https://a'b/x.png",
  ])("%s is refused (or at least never reaches the CSP as more than one host source)", async (logoUrl) => {
    const put = await call(statusPageSettings.PUT as never, { method: "PUT", path: "/api/settings/status-page", body: { logoUrl } });
    if (put.status === 400) return;
    // The responder caches a rendering for 5 s, so build the header from what is stored now (as the responder does).
    const csp = statusPageCsp((await effectiveStatusPageOptions(test.service.db, test.service.config)).options);
    const imgSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("img-src"))!;
    // Exactly 'self' data: and one host source without wildcard or separators.
    expect(csp.split(";").length, csp).toBe(7);
    expect(imgSrc, csp).toMatch(/^img-src 'self' data: https:\/\/[a-z0-9.-]+(:\d+)?$/);
  });
});
