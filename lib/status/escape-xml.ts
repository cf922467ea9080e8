/**
 * Text made safe for XML 1.0 content and attributes: markup characters
 * escaped, and characters XML cannot hold at all (most control characters,
 * lone surrogates, U+FFFE/U+FFFF) dropped, since one of them in an incident
 * note would make the whole feed unreadable.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);
}
