import type { RouteState } from "../monitoring/route-state";
import { escapeHtml as escape } from "../ui/escape-html";

const COLORS: Record<RouteState, string> = { up: "#16794a", degraded: "#9a5b00", down: "#b42318", unknown: "#5b6472", paused: "#5b6472" };

/** A shields-style SVG badge: "label | state 99.9%". */
export function renderBadge(label: string, state: RouteState, uptime: number | null): string {
  const value = `${state}${uptime === null ? "" : ` ${(uptime * 100).toFixed(uptime === 1 ? 0 : 1)}%`}`;
  const width = (text: string) => Math.round(text.length * 6.6 + 12);
  const left = width(label);
  const right = width(value);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + right}" height="20" role="img" aria-label="${escape(`${label}: ${value}`)}">
<title>${escape(`${label}: ${value}`)}</title>
<rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${COLORS[state]}"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="${left / 2}" y="14">${escape(label)}</text><text x="${left + right / 2}" y="14">${escape(value)}</text>
</g></svg>`;
}
