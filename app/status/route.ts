import { cookies, headers } from "next/headers";
import { apiHandler } from "@/lib/http/api-handler";
import { MESSAGES } from "@/lib/i18n/messages";
import { LANG_COOKIE, pickLang } from "@/lib/i18n/pick-lang";
import { allMaintenanceWindows } from "@/lib/maintenance/maintenance-windows";
import { getStatusPage } from "@/lib/status/get-status-page";
import { renderStatusHtml } from "@/lib/status/render-status-html";
import { pickTheme, THEME_COOKIE } from "@/lib/ui/theme";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The public ops status page: one HTML document, no JavaScript, safe to share. */
export const GET = apiHandler("public", async (_request, { service }) => {
  const jar = await cookies();
  const lang = pickLang(jar.get(LANG_COOKIE)?.value, (await headers()).get("accept-language"));
  const html = renderStatusHtml(getStatusPage(service.sqlite, allMaintenanceWindows(service.sqlite, service.config.maintenance)), { m: MESSAGES[lang], lang, theme: pickTheme(jar.get(THEME_COOKIE)?.value) });
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
});
