import type { Lang, Messages } from "../i18n/messages";
import type { StatusPageOptions } from "../settings/status-page-options";
import { formatDuration, formatTimestamp } from "../ui/format-time";
import { kindTitle } from "../ui/kind-text";
import { escapeXml as x } from "./escape-xml";
import type { StatusPage } from "./get-status-page";

/** Where the feed lives, from the site root. */
export const STATUS_FEED_PATH = "/status/feed.xml";

const NO_INCIDENTS_UPDATED = new Date(0).toISOString();

/**
 * The status page's incidents as an Atom feed (RFC 4287): the same facts the
 * page shows (route names, times, cause, the admin's public note) and nothing
 * else. Links are absolute when publicUrl is set, else relative to the
 * feed's own address (Atom allows IRI references).
 */
export function renderStatusFeed(page: StatusPage, options: { m: Messages; lang: Lang; branding: StatusPageOptions; publicUrl?: string | undefined }): string {
  const { m, lang, branding } = options;
  const base = options.publicUrl ? options.publicUrl.replace(/\/+$/, "") : "";
  const title = branding.title ?? `ProxyPulse · ${m.status.title}`;
  const times = page.incidents.flatMap((incident) => [incident.startedAt, incident.endedAt ?? incident.startedAt]).sort();
  // With no incident nothing in the feed changes: a fixed date keeps its ETag
  // (and a reader's 304s) instead of moving with every rendering.
  const updated = times.at(-1) ?? NO_INCIDENTS_UPDATED;
  const entries = page.incidents.map((incident) => {
    const route = `${incident.target} ${m.overview.via} ${incident.proxy}`;
    const state = incident.endedAt ? `${m.status.lasted} ${formatDuration(incident.durationMs, lang)}` : m.status.ongoing;
    const cause = incident.kind ? `${m.status.cause}: ${kindTitle(incident.kind, lang)}` : null;
    const content = [`${route} · ${formatTimestamp(incident.startedAt)} · ${state}`, cause, incident.note].filter(Boolean).join("\n");
    return `<entry>
<id>urn:proxypulse:incident:${incident.id}:${Date.parse(incident.startedAt)}</id>
<title>${x(`${route}: ${state}`)}</title>
<published>${incident.startedAt}</published>
<updated>${incident.endedAt ?? incident.startedAt}</updated>
<link rel="alternate" type="text/html" href="${x(`${base}/status`)}"/>
<content type="text">${x(content)}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang === "zh" ? "zh-CN" : "en"}">
<id>${x(base ? `${base}${STATUS_FEED_PATH}` : "urn:proxypulse:status-feed")}</id>
<title>${x(title)}</title>
${branding.description ? `<subtitle>${x(branding.description)}</subtitle>\n` : ""}<updated>${updated}</updated>
<link rel="self" type="application/atom+xml" href="${x(`${base}${STATUS_FEED_PATH}`)}"/>
<link rel="alternate" type="text/html" href="${x(`${base}/status`)}"/>
<author><name>${x(title)}</name></author>
<generator>ProxyPulse</generator>
${entries.join("\n")}
</feed>
`;
}
