import { createHash } from "node:crypto";
import type { Lang, Messages } from "../i18n/messages";
import type { RouteState } from "../monitoring/route-state";
import { formatDuration, formatMs, formatPercent, formatTimestamp } from "../ui/format-time";
import { escapeHtml as escape } from "../ui/escape-html";
import { THEME_CSS } from "../ui/theme-css";
import { kindTitle } from "../ui/kind-text";
import { slotText, slotTone } from "../ui/uptime-slot";
import { stateWord } from "../ui/state-word";
import type { StatusPage } from "./get-status-page";

/**
 * The public status page as one HTML document with its CSS inline and no
 * JavaScript at all: it is rendered here rather than as a Next page so that
 * it does not carry the framework's client runtime (~170 KB compressed).
 */
export function renderStatusHtml(page: StatusPage, options: { m: Messages; lang: Lang; theme: "light" | "dark" | "system" }): string {
  const { m, lang, theme } = options;
  const badge = (state: RouteState) => `<span class="state state-${state}">${escape(stateWord(m, state))}</span>`;
  // A route in a maintenance window says so, with until when and why.
  const stateOf = (route: StatusPage["routes"][number]) => {
    const window = page.maintenance[route.id];
    if (!window) return badge(route.state);
    const note = window.note ? ` · ${escape(window.note)}` : "";
    return `<span class="state state-maintenance" data-testid="maintenance">${escape(m.status.maintenance)}</span><span class="muted small">→ ${formatTimestamp(window.until)}${note}</span>`;
  };
  // A route that is down has no "now" latency: say since when it is down; a
  // failed last probe means the hour's median no longer describes it either.
  const nowText = (route: StatusPage["routes"][number]) => {
    if (route.state === "down" && route.stateSince) {
      const since = m.status.downSince
        .replace("{time}", formatTimestamp(route.stateSince, !sameUtcDay(route.stateSince, page.updatedAt)).replace(/:\d\d UTC$/, " UTC"))
        .replace("{duration}", formatDuration(Math.max(0, Date.parse(page.updatedAt) - Date.parse(route.stateSince)), lang));
      return `<span class="down-since" data-testid="down-since">${escape(since)}</span> · `;
    }
    if (route.lastOk === false || route.state === "down" || route.p50Ms1h === null) return "";
    return `${escape(m.status.current)}: ${formatMs(route.p50Ms1h)} · `;
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
<div class="row"><strong>${escape(`${route.target}${route.targetHost ? ` (${route.targetHost})` : ""} ${m.overview.via} ${route.proxy}${route.proxyHost ? ` (${route.proxyHost})` : ""}`)}</strong> ${stateOf(route)}<span class="spacer"></span><span class="muted small">${nowText(route)}24h ${formatPercent(route.uptime24h)}</span></div>
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
            `<li><strong>${escape(`${incident.target} ${m.overview.via} ${incident.proxy}`)}</strong>: ${formatTimestamp(incident.startedAt)} · ${
              incident.endedAt ? `${escape(m.status.lasted)} ${formatDuration(incident.durationMs, lang)}` : escape(m.status.ongoing)
            }${incident.kind ? ` · ${escape(m.status.cause)}: ${escape(kindTitle(incident.kind, lang))}` : ""}${incident.note ? `<br><span class="muted">${escape(incident.note)}</span>` : ""}</li>`,
        )
        .join("")}</ul>`
    : `<p class="muted">${escape(m.status.noIncidents)}</p>`;
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}"${theme === "system" ? "" : ` data-theme="${theme}"`}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${escape(m.status.title)} · ProxyPulse</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${STATUS_CSS}</style>
</head>
<body>
<main>
<h1>ProxyPulse · ${escape(m.status.title)}</h1>
<div class="status-head state-${page.overall}" data-testid="overall">${escape(m.status.overall[page.overall])}</div>
<p class="muted small">${escape(m.status.updated)} ${formatTimestamp(page.updatedAt)} · ${escape(m.status.refresh)} · <a href="/api/preferences?lang=${lang === "zh" ? "en" : "zh"}&amp;back=/status" lang="${lang === "zh" ? "en" : "zh"}">${escape(m.nav.language)}</a></p>
${routes}
<h2>${escape(m.status.incidents)}</h2>
${incidents}
</main>
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
`;

/**
 * The status page runs no script and loads nothing: its policy allows only
 * its own inline stylesheet (by hash), the preference links, and no framing.
 */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src '${"sha256-" + createHash("sha256").update(STATUS_CSS).digest("base64")}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
