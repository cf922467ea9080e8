import { sameOriginPath } from "@/lib/http/same-origin-path";
import { LANG_COOKIE } from "@/lib/i18n/pick-lang";
import { THEME_COOKIE } from "@/lib/ui/theme";
import { TIME_ZONE_COOKIE } from "@/lib/ui/zoned-time";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const YEAR = 365 * 86_400;

/**
 * The language, theme and time-zone switchers are plain links here (no JavaScript
 * needed): set the cookie, then go back to a page of this site.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const location = sameOriginPath(url.searchParams.get("back"), request.url);
  const cookies: string[] = [];
  const lang = url.searchParams.get("lang");
  if (lang === "en" || lang === "zh") cookies.push(`${LANG_COOKIE}=${lang}; Path=/; SameSite=Lax; Max-Age=${YEAR}`);
  const theme = url.searchParams.get("theme");
  if (theme === "light" || theme === "dark") cookies.push(`${THEME_COOKIE}=${theme}; Path=/; SameSite=Lax; Max-Age=${YEAR}`);
  if (theme === "system") cookies.push(`${THEME_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`);
  // Times show in the viewer's own zone unless they ask for UTC (read by the page's script, so not HttpOnly).
  const tz = url.searchParams.get("tz");
  if (tz === "utc") cookies.push(`${TIME_ZONE_COOKIE}=utc; Path=/; SameSite=Lax; Max-Age=${YEAR}`);
  if (tz === "local") cookies.push(`${TIME_ZONE_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`);
  const headers = new Headers({ location });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
