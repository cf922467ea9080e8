/**
 * A route's proxy spec: how a probe reaches the API. Parsed once from the
 * user's string; everything downstream switches on `protocol`.
 */
export type ProxyProtocol = "http" | "https" | "socks5" | "socks5h";

export interface ProxyEndpoint {
  protocol: ProxyProtocol;
  host: string;
  port: number;
  username: string | null;
  password: string | null;
}

export type ProxySpec = { protocol: "direct" } | { protocol: "env" } | ProxyEndpoint;

export const ACCEPTED_PROXY_FORMS =
  "direct, env, http://[user:pass@]host:port, https://[user:pass@]host:port, socks5://[user:pass@]host:port, socks5h://[user:pass@]host:port";

const DEFAULT_PORTS: Record<ProxyProtocol, number> = { http: 80, https: 443, socks5: 1080, socks5h: 1080 };

export class InvalidProxySpecError extends Error {
  readonly code = "invalid_proxy_spec";
  constructor(
    value: string,
    readonly reason: string,
  ) {
    super(`Invalid proxy "${maskProxyString(value)}": ${reason}. Accepted forms: ${ACCEPTED_PROXY_FORMS}.`);
    this.name = "InvalidProxySpecError";
  }
}

export function parseProxySpec(input: string): ProxySpec {
  const value = input.trim();
  const lowered = value.toLowerCase();
  if (lowered === "direct" || lowered === "none") return { protocol: "direct" };
  if (lowered === "env") return { protocol: "env" };
  if (value === "") throw new InvalidProxySpecError(input, "it is empty");

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme) throw new InvalidProxySpecError(input, "it has no scheme");
  if (!isProxyProtocol(scheme)) throw new InvalidProxySpecError(input, `the scheme "${scheme}" is not supported`);

  // URL() refuses a bad port as a whole "invalid URL": name the port instead. The user
  // part runs to the last "@" of the authority, as URL() reads it (a password may hold "@").
  const typedPort = /^[a-z0-9+.-]+:\/\/(?:[^/?#]*@)?(?:\[[^\]]*\]|[^/?#:@[\]]*):([^/?#@]*)(?=[/?#]|$)/i.exec(value)?.[1];
  if (typedPort !== undefined && typedPort !== "" && !/^\d+$/.test(typedPort)) throw new InvalidProxySpecError(input, "the port is not a number");
  if (typedPort !== undefined && /^\d+$/.test(typedPort) && (Number(typedPort) < 1 || Number(typedPort) > 65535)) throw new InvalidProxySpecError(input, "the port must be between 1 and 65535");

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidProxySpecError(input, "it is not a valid URL");
  }
  if (!url.hostname) throw new InvalidProxySpecError(input, "it has no host");
  if (url.pathname !== "/" && url.pathname !== "") throw new InvalidProxySpecError(input, "a proxy URL takes no path");
  if (url.search || url.hash) throw new InvalidProxySpecError(input, "a proxy URL takes no query or fragment");
  if (url.password && !url.username) throw new InvalidProxySpecError(input, "it has a password but no user name");

  const port = url.port ? Number(url.port) : DEFAULT_PORTS[scheme];
  if (port < 1 || port > 65535) throw new InvalidProxySpecError(input, "the port must be between 1 and 65535");
  return {
    protocol: scheme,
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    username: url.username ? safeDecode(url.username) : null,
    password: url.password ? safeDecode(url.password) : null,
  };
}

function isProxyProtocol(value: string): value is ProxyProtocol {
  return value in DEFAULT_PORTS;
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/** The spec as a string a user recognises, with the password replaced. */
export function describeProxySpec(spec: ProxySpec): string {
  return formatProxySpec(spec, "mask");
}

/** The spec as a URL; the password masked, left out (for storage beside a sealed copy) or included. */
export function formatProxySpec(spec: ProxySpec, password: "mask" | "omit" | "include"): string {
  if (spec.protocol === "direct" || spec.protocol === "env") return spec.protocol;
  const host = spec.host.includes(":") ? `[${spec.host}]` : spec.host;
  const secret = spec.password === null || password === "omit" ? "" : password === "mask" ? ":****" : `:${encodeURIComponent(spec.password)}`;
  const auth = spec.username ? `${encodeURIComponent(spec.username)}${secret}@` : "";
  return `${spec.protocol}://${auth}${host}:${spec.port}`;
}

/** Masks the password of anything that looks like a proxy URL inside a string. */
export function maskProxyString(value: string): string {
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1****@");
}
