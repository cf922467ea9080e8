import { ValidationError } from "../http/app-error";
import type { ProxyEndpoint, ProxySpec } from "../routes/parse-proxy-spec";

/**
 * A stored secret goes only where it was saved for: a target's key to the
 * same scheme, host and port; a proxy's password to the same proxy. Without
 * this, an admin session (or whoever holds one) could read any "write-only"
 * secret back by pointing the object at a server of its own.
 */
export function sameApiOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export function sameProxyEndpoint(a: ProxySpec, b: ProxySpec): boolean {
  if (!isEndpoint(a) || !isEndpoint(b)) return false;
  // socks5 and socks5h differ only in where names are resolved: the same server.
  const family = (protocol: string) => protocol.replace(/^socks5h$/, "socks5");
  return family(a.protocol) === family(b.protocol) && a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port;
}

function isEndpoint(spec: ProxySpec): spec is ProxyEndpoint {
  return spec.protocol !== "direct" && spec.protocol !== "env";
}

export class SecretScopeError extends ValidationError {
  constructor(what: "apiKey" | "password", path: string) {
    const message =
      what === "apiKey"
        ? "The saved API key is only sent to the scheme, host and port it was saved for: enter the key again to use another host."
        : "The saved proxy password is only sent to the proxy host and port it was saved for: enter the password again to use another proxy.";
    super(message, [{ path, message }]);
  }
}
