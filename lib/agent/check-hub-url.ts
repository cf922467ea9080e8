import { isIP } from "node:net";

export class HubUrlError extends Error {
  readonly code = "invalid_hub_url";
  constructor(message: string) {
    super(message);
    this.name = "HubUrlError";
  }
}

/**
 * The hub's URL, refused when the agent's token and the secrets in its
 * assignment (API keys, proxy passwords) would cross a network in clear:
 * plain http is accepted only to a loopback host (127.0.0.0/8, ::1,
 * localhost), or when the operator says so (`--allow-insecure-http`: a
 * trusted private link, a VPN).
 */
export function checkHubUrl(value: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HubUrlError(`--hub must be the hub's URL, such as https://proxypulse.example.com, got "${value}"`);
  }
  if (url.username || url.password) throw new HubUrlError("--hub must not hold a user name or password: the agent authenticates with --token");
  // The agent's requests go to /api/agent/… at the hub's root: a path would be dropped, and the token sent to whatever serves the root.
  if (url.pathname !== "/" || url.search || url.hash) throw new HubUrlError(`--hub must be the hub's root URL (scheme, host and port only, such as https://proxypulse.example.com), got "${value}"`);
  if (url.protocol === "https:") return url;
  if (url.protocol !== "http:") throw new HubUrlError(`--hub must be an https:// URL, got "${url.protocol}"`);
  if (isLoopback(url.hostname) || allowInsecureHttp) return url;
  throw new HubUrlError(
    `refusing plain http to ${url.host}: the agent token and every secret of the assignment (API keys, proxy passwords) would cross the network unencrypted. ` +
      "Use https:// (e.g. behind a reverse proxy with a certificate), or pass --allow-insecure-http if the link is private and trusted (a VPN).",
  );
}

/**
 * Loopback by the URL's own words: an address, or the name "localhost"
 * (which the hosts file answers). Any other name, "hub.localhost" included,
 * is looked up in DNS on most systems, and a DNS answer can point anywhere.
 */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || host === "0:0:0:0:0:0:0:1";
  return false;
}
