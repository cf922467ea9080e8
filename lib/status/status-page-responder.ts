import { createHash } from "node:crypto";
import { readCookie } from "../auth/session";
import { clientAddress } from "../http/client-address";
import { WindowLimiter } from "../http/rate-limiter";
import { MESSAGES } from "../i18n/messages";
import { LANG_COOKIE, pickLang } from "../i18n/pick-lang";
import { allMaintenanceWindows } from "../maintenance/maintenance-windows";
import type { MonitorService } from "../monitoring/monitor-service";
import { pickTheme, THEME_COOKIE } from "../ui/theme";
import { effectiveStatusPageOptions } from "../settings/status-page-options";
import { TIME_ZONE_COOKIE } from "../ui/zoned-time";
import { getStatusPage } from "./get-status-page";
import { renderStatusFeed } from "./render-status-feed";
import { renderStatusHtml, statusPageCsp } from "./render-status-html";

/** How long one rendering is served (the page itself refreshes once a minute). */
export const STATUS_CACHE_MS = 5_000;
/** Per client: a viewer reloads once a minute; this leaves room for a team behind one address. */
export const STATUS_LIMIT = { requests: 120, windowMs: 60_000 };

interface Rendered {
  at: number;
  html: string;
  etag: string;
  csp: string;
}

/** The feed loads and runs nothing. */
const FEED_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Serves the public status page cheaply: it is public, and it is rendered in
 * the process that also probes. One rendering per language, theme and time choice is
 * reused for a few seconds, a browser that has it already gets a 304, and a
 * client asking too often gets a 429 before anything is read from the database.
 */
export class StatusPageResponder {
  private readonly renderings = new Map<string, Rendered>();
  private readonly limiter = new WindowLimiter(STATUS_LIMIT.requests, STATUS_LIMIT.windowMs);
  private service: MonitorService | null = null;

  respond(request: Request, service: MonitorService, now: number = Date.now()): Promise<Response> {
    return this.serve(request, service, now, "page");
  }

  /** The incidents as Atom (/status/feed.xml): public, cached and rate-limited like the page. */
  respondFeed(request: Request, service: MonitorService, now: number = Date.now()): Promise<Response> {
    return this.serve(request, service, now, "feed");
  }

  private async serve(request: Request, service: MonitorService, now: number, kind: "page" | "feed"): Promise<Response> {
    this.limiter.take(`status:${clientAddress(request, service.env.PROXYPULSE_TRUST_PROXY)}`, (wait) => `Too many requests for the status page; try again in ${wait} s.`, now);
    if (service !== this.service) {
      this.renderings.clear();
      this.service = service;
    }
    const cookie = request.headers.get("cookie");
    const lang = pickLang(readCookie(cookie, LANG_COOKIE), request.headers.get("accept-language"));
    const theme = pickTheme(readCookie(cookie, THEME_COOKIE) ?? undefined);
    const utc = readCookie(cookie, TIME_ZONE_COOKIE) === "utc";
    const key = `${kind}|${lang}|${theme}|${utc ? "utc" : "local"}`;
    let rendered = this.renderings.get(key);
    if (!rendered || now - rendered.at >= STATUS_CACHE_MS || now < rendered.at) {
      const page = await getStatusPage(service.store, await allMaintenanceWindows(service.db, service.config.maintenance), now, service.config.minLocations ?? null);
      const branding = (await effectiveStatusPageOptions(service.db, service.config)).options;
      const html =
        kind === "page" ? renderStatusHtml(page, { m: MESSAGES[lang], lang, theme, branding, utc }) : renderStatusFeed(page, { m: MESSAGES[lang], lang, branding, publicUrl: service.config.publicUrl });
      rendered = { at: now, html, etag: `"${createHash("sha256").update(html).digest("base64url").slice(0, 27)}"`, csp: kind === "page" ? statusPageCsp(branding) : FEED_CSP };
      this.renderings.set(key, rendered);
    }
    const headers = {
      etag: rendered.etag,
      // Revalidate every time (cheap: a 304), and keep per-visitor variants apart.
      "cache-control": "no-cache",
      vary: "cookie, accept-language",
      "content-security-policy": rendered.csp,
    };
    if (etagMatches(request.headers.get("if-none-match"), rendered.etag)) return new Response(null, { status: 304, headers });
    return new Response(rendered.html, { headers: { ...headers, "content-type": kind === "page" ? "text/html; charset=utf-8" : "application/atom+xml; charset=utf-8" } });
  }
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.trim() === "*" || header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
