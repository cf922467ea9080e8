import type { Messages } from "../i18n/messages";
import type { StatusPageOptions } from "../settings/status-page-options";
import { formatTimestamp } from "../ui/format-time";
import { escapeHtml as escape } from "../ui/escape-html";
import type { StatusPage } from "./get-status-page";
import { STATUS_FEED_PATH } from "./render-status-feed";

/**
 * The status page's own header as its admin set it (title, logo, plain-text
 * description, a link back to their site), the feed's <link>, and the
 * planned maintenance notice. Every option was validated when saved and is
 * escaped here as well: the page is public.
 */
export function renderStatusHeader(page: StatusPage, options: { m: Messages; branding: StatusPageOptions }): { documentTitle: string; headLinks: string; body: string; planned: string } {
  const { m, branding } = options;
  const t = m.statusExport;
  const title = branding.title ?? `ProxyPulse · ${m.status.title}`;
  const logo = branding.logoUrl ? `<img class="brand-logo" src="${escape(branding.logoUrl)}" alt="" data-testid="status-logo">` : "";
  const home = branding.homeUrl
    ? `<p class="small"><a href="${escape(branding.homeUrl)}" rel="noopener noreferrer" data-testid="status-home">← ${escape(t.backTo)} ${escape(hostOf(branding.homeUrl))}</a></p>\n`
    : "";
  const description = branding.description ? `<p class="description" data-testid="status-description">${escape(branding.description)}</p>\n` : "";
  const planned = page.plannedMaintenance.length
    ? `<section class="panel planned" data-testid="planned-maintenance"><strong>${escape(t.plannedMaintenance)}</strong><ul>${page.plannedMaintenance
        .map((item) => `<li>${formatTimestamp(item.from)} → ${formatTimestamp(item.to)}: ${escape(item.routes.join(", "))}${item.note ? ` · ${escape(item.note)}` : ""}</li>`)
        .join("")}</ul></section>\n`
    : "";
  return {
    documentTitle: escape(branding.title ?? `${m.status.title} · ProxyPulse`),
    headLinks: `<link rel="alternate" type="application/atom+xml" href="${STATUS_FEED_PATH}" title="${escape(t.feed)}">`,
    body: `${home}<div class="brand">${logo}<h1 data-testid="status-title">${escape(title)}</h1></div>\n${description}`,
    planned,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
