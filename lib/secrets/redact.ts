import { maskProxyString } from "../routes/parse-proxy-spec";

/** Characters a shown secret keeps hidden at least: 12 random ones are beyond guessing. */
const MIN_HIDDEN = 12;

/** Shows enough of a secret to recognise it, never enough to use it (or to guess the rest). */
export function maskSecret(secret: string | null | undefined): string | null {
  if (!secret) return null;
  if (secret.length < 3 + 4 + MIN_HIDDEN) return "****";
  return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
}

/** The shortest start of a secret that is hidden on its own (what is left of a secret that text was cut through). */
const MIN_HIDDEN_PREFIX = 8;

/**
 * A function that removes the given secrets (and anything shaped like an API
 * key or a password inside a URL) from text bound for output or logs. Each
 * secret is also found as text carries it quoted (percent-encoded, base64,
 * escaped inside JSON) and cut short: a message bounded before it reached
 * here may end in the first characters of a key, which are hidden too.
 */
export function createRedactor(secrets: Array<string | null | undefined>): (text: string) => string {
  const known = [
    ...new Set(
      secrets
        .filter((secret): secret is string => typeof secret === "string" && secret.length >= 3)
        .flatMap((secret) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64"), JSON.stringify(secret).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  const cuttable = known.filter((secret) => secret.length > MIN_HIDDEN_PREFIX + 3);
  return (text) => {
    let clean = text;
    for (const secret of known) clean = clean.split(secret).join("****");
    for (const secret of cuttable) clean = hidePrefixes(clean, secret);
    clean = maskProxyString(clean);
    return clean.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, (key) => maskSecret(key) ?? "****");
  };
}

/** Hides every run of text that is the start of `secret`, at least MIN_HIDDEN_PREFIX characters long. */
function hidePrefixes(text: string, secret: string): string {
  const head = secret.slice(0, MIN_HIDDEN_PREFIX);
  let from = text.indexOf(head);
  if (from === -1) return text;
  let clean = "";
  let copied = 0;
  while (from !== -1) {
    let length = MIN_HIDDEN_PREFIX;
    while (length < secret.length && text[from + length] === secret[length]) length += 1;
    clean += `${text.slice(copied, from)}****`;
    copied = from + length;
    from = text.indexOf(head, copied);
  }
  return clean + text.slice(copied);
}

/**
 * The parts of a URL that can be credentials: user info, the query (whole and
 * each value), the path (whole, and each segment shaped like a token). Chat
 * webhooks carry their token in one or the other (Slack, Feishu: path;
 * DingTalk, WeCom: query; Telegram: path).
 */
export function secretsOfUrl(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [value];
  }
  const parts = [url.username, url.password, url.username && url.password ? `${url.username}:${url.password}` : ""];
  if (url.pathname.length > 1) parts.push(url.pathname, ...url.pathname.split("/").filter(looksLikeToken));
  if (url.search.length > 1) parts.push(url.search, url.search.slice(1), ...[...url.searchParams.values()]);
  for (const part of [...parts]) {
    try {
      parts.push(decodeURIComponent(part));
    } catch {
      // Not percent-encoded text: the part itself is listed already.
    }
  }
  return parts.filter((part) => part.length >= 3);
}

/** A path segment that is probably a token, not a word like "webhook" or "send". */
function looksLikeToken(segment: string): boolean {
  return segment.length >= 16 || (segment.length >= 6 && /\d/.test(segment) && /[a-z]/i.test(segment));
}

/** Any http(s) URL in the text loses its user info and its query, whatever their values. */
export function maskUrlSecrets(text: string): string {
  return text.replace(/\b(https?:\/\/)([^\s/?#@]*@)?([^\s/?#]+)([^\s?#]*)(\?[^\s#"']*)?/gi, (_match, scheme: string, userinfo: string | undefined, host: string, path: string, query: string | undefined) =>
    `${scheme}${userinfo ? "****@" : ""}${host}${path}${query ? "?****" : ""}`,
  );
}
