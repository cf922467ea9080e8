import { createHash } from "node:crypto";
import { escapeHtml } from "../ui/escape-html";
import { zonedText, type TimeStyle } from "../ui/zoned-time";

/**
 * Times on the status page: the server writes them in UTC inside
 * `<time datetime>` elements, and one small inline script rewrites them in
 * the viewer's zone (unless they chose UTC). The page stays readable
 * without JavaScript, and its policy allows exactly this script by hash.
 */
export function timeTag(iso: string, style: Exclude<TimeStyle, "zone" | "tick" | "tick-day">): string {
  return `<time datetime="${escapeHtml(iso)}" data-style="${style}">${escapeHtml(zonedText(iso, "UTC", style))}</time>`;
}

/** Where the script writes the zone's name ("Asia/Shanghai (UTC+8)"); the server writes "UTC". */
export const ZONE_NAME_SLOT = `<span data-zone-name>UTC</span>`;

// The very function the dashboard uses (it is self-contained for this), so
// the page and the dashboard write a time the same way.
export const STATUS_TIME_SCRIPT = `(function () {
  if (document.documentElement.getAttribute("data-tz") === "utc") return;
  var zonedText = ${zonedText.toString()};
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  document.querySelectorAll("time[data-style]").forEach(function (el) {
    el.textContent = zonedText(el.getAttribute("datetime"), zone, el.getAttribute("data-style"));
  });
  var name = zone === "UTC" || zone === "Etc/UTC" ? "UTC" : zone + " (" + zonedText(new Date().toISOString(), zone, "zone") + ")";
  document.querySelectorAll("[data-zone-name]").forEach(function (el) {
    el.textContent = name;
  });
})();`;

export const STATUS_TIME_SCRIPT_HASH = `sha256-${createHash("sha256").update(STATUS_TIME_SCRIPT).digest("base64")}`;
