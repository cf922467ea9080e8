import { createHash } from "node:crypto";
import type { Lang, Messages } from "../i18n/messages";
import type { RouteState } from "../monitoring/route-state";
import { formatDuration, formatMs, formatPercent } from "../ui/format-time";
import { escapeHtml as escape } from "../ui/escape-html";
import { THEME_CSS } from "../ui/theme-css";
import { kindTitle } from "../ui/kind-text";
import { slotText, slotTone } from "../ui/uptime-slot";
import { stateWord } from "../ui/state-word";
import type { StatusPage } from "./get-status-page";
import { logoImageSource, type StatusPageOptions } from "../settings/status-page-options";
import { renderStatusHeader } from "./render-status-header";
import { downInText, locationDotClass, locationDotLabel } from "../locations/location-words";
import { STATUS_TIME_SCRIPT, STATUS_TIME_SCRIPT_HASH, timeTag, ZONE_NAME_SLOT } from "./status-times";

/**
 * The public status page as one HTML document with its CSS inline and no
 * framework: it is rendered here rather than as a Next page so that it does
 * not carry the framework's client runtime (~170 KB compressed). Its one
 * inline script only rewrites times in the viewer's zone; without it the
 * page reads the same, in UTC.
 */
export function renderStatusHtml(page: StatusPage, options: { m: Messages; lang: Lang; theme: "light" | "dark" | "system"; branding?: StatusPageOptions; utc?: boolean }): string {
  const { m, lang, theme, utc = false } = options;
  const header = renderStatusHeader(page, { m, branding: options.branding ?? {} });
  const badge = (state: RouteState) => `<span class="state state-${state}">${escape(stateWord(m, state))}</span>`;
  // A route in a maintenance window says so, with until when and why.
  const stateOf = (route: StatusPage["routes"][number]) => {
    const window = page.maintenance[route.id];
    if (!window) return badge(route.state);
    const note = window.note ? ` · ${escape(window.note)}` : "";
    return `<span class="state state-maintenance" data-testid="maintenance">${escape(m.status.maintenance)}</span><span class="muted small">→ ${timeTag(window.until, "full")}${note}</span>`;
  };
  // A route that is down has no "now" latency: say since when it is down; a
  // failed last probe means the hour's median no longer describes it either.
  const nowText = (route: StatusPage["routes"][number]) => {
    if (route.state === "down" && route.stateSince) {
      const [before = "", after = ""] = m.status.downSince
        .replace("{duration}", formatDuration(Math.max(0, Date.parse(page.updatedAt) - Date.parse(route.stateSince)), lang))
        .split("{time}");
      const since = timeTag(route.stateSince, sameUtcDay(route.stateSince, page.updatedAt) ? "clock" : "minute");
      return `<span class="down-since" data-testid="down-since">${escape(before)}${since}${escape(after)}</span> · `;
    }
    // A failed or paused route has no "now" to report.
    if (route.lastOk === false || route.state === "down" || route.state === "paused" || route.p50Ms1h === null) return "";
    return `${escape(m.status.current)}: ${formatMs(route.p50Ms1h)} · `;
  };
  // A route probed from several places: a dot per location, and how many say down (fewer than minLocations reads as degraded).
  const locationsOf = (route: StatusPage["routes"][number]) => {
    if (!route.locations) return "";
    const dots = route.locations
      .map((location) => {
        const label = escape(locationDotLabel(m, location));
        return `<span class="${locationDotClass(location)}" role="img" title="${label}" aria-label="${label}"></span>`;
      })
      .join("");
    const downIn = downInText(m, route.locations);
    return `<span class="loc-dots" data-testid="location-dots">${dots}</span>${downIn ? `<span class="muted small" data-testid="down-in">${escape(downIn)}</span>` : ""}`;
  };
  const renderRoute = (route: StatusPage["routes"][number]) => {
    const days = page.days[route.id] ?? [];
    const slots = days
      .map((day) => {
        const slot = { total: day.total, ok: day.ok, topKind: null, label: day.day };
        const text = escape(slotText(slot, m, lang));
        return `<span role="listitem" class="slot ${slotTone(slot)}" title="${text}" aria-label="${text}"></span>`;
      })
      .join("");
    const total = days.reduce((sum, day) => sum + day.total, 0);
    const uptime90 = total ? days.reduce((sum, day) => sum + day.ok, 0) / total : null;
    return `<div class="status-route" data-testid="status-route">
<div class="row"><strong>${escape(`${route.target}${route.targetHost ? ` (${route.targetHost})` : ""} ${m.overview.via} ${route.proxy}${route.proxyHost ? ` (${route.proxyHost})` : ""}`)}</strong> ${stateOf(route)}${locationsOf(route)}<span class="spacer"></span><span class="muted small">${nowText(route)}24h ${formatPercent(route.uptime24h)}</span></div>
<div class="uptime-bar" role="list">${slots}</div>
<div class="row muted small split"><span>${escape(m.status.uptime90d)}</span><span>${formatPercent(uptime90)}</span></div>
</div>`;
  };
  // Grouped by target: "is the API reachable" first, then through which route.
  const targets = [...new Set(page.routes.map((route) => route.target))];
  const routes = targets
    .map((target) => `<section class="panel group"><h2 class="group-title">${escape(target)}</h2>\n${page.routes.filter((route) => route.target === target).map(renderRoute).join("\n")}</section>`)
    .join("\n");
  const incidents = page.incidents.length
    ? `<ul data-testid="incidents">${page.incidents
        .map(
          (incident) =>
            `<li><strong>${escape(`${incident.target} ${m.overview.via} ${incident.proxy}`)}</strong>: ${timeTag(incident.startedAt, "full")} · ${
              incident.endedAt ? `${escape(m.status.lasted)} ${formatDuration(incident.durationMs, lang)}` : escape(m.status.ongoing)
            }${incident.kind ? ` · ${escape(m.status.cause)}: ${escape(kindTitle(incident.kind, lang))}` : ""}${incident.note ? `<br><span class="muted">${escape(incident.note)}</span>` : ""}</li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">${escape(m.status.noIncidents)}</p>`;
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}"${theme === "system" ? "" : ` data-theme="${theme}"`}${utc ? ' data-tz="utc"' : ""}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${header.documentTitle}</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
${header.headLinks}
<style>${STATUS_CSS}</style>
</head>
<body>
<main>
${header.body}
<div class="status-head state-${page.overall}" data-testid="overall">${escape(overallLabel(page, m))}</div>
<p class="muted small">${escape(m.status.updated)} ${timeTag(page.updatedAt, "full")} · ${escape(m.status.refresh)} · <a href="/api/preferences?lang=${lang === "zh" ? "en" : "zh"}&amp;back=/status" lang="${lang === "zh" ? "en" : "zh"}">${escape(m.nav.language)}</a></p>
<p class="muted small" data-testid="time-zone-switch">${m.chartsTimes.timesIn
    .split("{zone}")
    .map(escape)
    .join(utc ? "UTC" : ZONE_NAME_SLOT)} · ${escape(m.chartsTimes.times)}: <a href="/api/preferences?tz=local&amp;back=/status"${utc ? "" : ' aria-current="true"'}>${escape(m.chartsTimes.local)}</a> / <a href="/api/preferences?tz=utc&amp;back=/status"${utc ? ' aria-current="true"' : ""}>${escape(m.chartsTimes.utc)}</a></p>
${header.planned}${routes}
<h2>${escape(m.status.incidents)}</h2>
${incidents}
</main>
<script>${STATUS_TIME_SCRIPT}</script>
</body>
</html>`;
}


function sameUtcDay(a: string, b: string): boolean {
  return a.slice(0, 10) === b.slice(0, 10);
}

// The page's own layout; colours, badges and bars come from THEME_CSS.
const STATUS_CSS = `${THEME_CSS}
main{max-width:64rem;margin:0 auto;padding:1.2rem}h1{font-size:1.35rem;margin:0 0 .8rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
.row{display:flex;align-items:center;gap:.6rem;flex-wrap:wrap}.spacer{flex:1}.split{justify-content:space-between}
.panel{background:var(--panel);border:1px solid var(--border);border-radius:var(--radius);padding:.4rem 1rem}.group{margin-bottom:1rem}.group-title{font-size:1rem;margin:.6rem 0 0}
.status-head{padding:1rem 1.2rem;border-radius:var(--radius);font-size:1.15rem;font-weight:700}
.status-route{padding:.8rem 0;border-bottom:1px solid var(--border)}.status-route:last-child{border-bottom:0}
.uptime-bar{gap:1px;height:2rem;margin:.4rem 0 .2rem}
.brand{display:flex;align-items:center;gap:.8rem;margin:0 0 .8rem}.brand h1{margin:0}.brand-logo{max-height:3rem;max-width:12rem}
.description{white-space:pre-line;margin:0 0 .8rem}.planned{margin:0 0 1rem;padding:.6rem 1rem}.planned ul{margin:.3rem 0;padding-left:1.2rem}
`;

/**
 * The status page loads nothing: its policy allows only its own inline
 * stylesheet and its one inline script (the local-time rewrite), both by
 * hash, images from this server and data: (plus the logo's own https origin
 * when an admin set one), the preference links, and no framing. An https
 * logo adds its own origin to img-src and nothing else (a path or data: logo
 * needs nothing new).
 */
export function statusPageCsp(branding: StatusPageOptions): string {
  const logo = logoImageSource(branding);
  return [
    "default-src 'none'",
    `style-src '${"sha256-" + createHash("sha256").update(STATUS_CSS).digest("base64")}'`,
    `script-src '${STATUS_TIME_SCRIPT_HASH}'`,
    `img-src 'self' data:${logo ? ` ${logo}` : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** "Partial outage" only when a route is down; slow or flaky routes alone are "Some routes degraded". */
function overallLabel(page: StatusPage, m: Messages): string {
  if (page.overall === "degraded" && !page.routes.some((route) => route.state === "down")) return m.status.someDegraded;
  return m.status.overall[page.overall];
}
