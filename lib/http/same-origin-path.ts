/**
 * Where a "go back to" parameter (`back=`, `next=`) may send the browser: a
 * path on this same origin, never another site. Browsers repair what they are
 * given before following a Location (a backslash becomes a slash, tabs and
 * newlines are dropped, `/.//x` collapses to `//x`), so a pattern check on the
 * raw text is not enough: resolve it the way the browser will and compare
 * origins. Anything doubtful becomes `fallback`.
 */
export function sameOriginPath(target: string | null | undefined, requestUrl: string, fallback = "/"): string {
  if (!target) return fallback;
  // Control characters and backslashes have no place in our own links.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let origin: string;
  let resolved: URL;
  try {
    origin = new URL(requestUrl).origin;
    resolved = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== origin) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Sent as a relative Location, "//host" would be read as another origin.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
