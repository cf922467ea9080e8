import { readProxyEnv } from "../env";
import { matchesNoProxy } from "./match-no-proxy";
import type { ConcreteRoute } from "./open-connection";
import { InvalidProxySpecError, parseProxySpec } from "./parse-proxy-spec";

/**
 * What `env` means for one target URL, read the way curl reads its proxy
 * variables (curl's lib/url.c and lib/noproxy.c; "ENVIRONMENT" in curl(1)).
 *
 * Our own module rather than the proxy-from-env package, whose rules differ
 * from curl's where it matters here: it gives a scheme-less value the
 * target's scheme (so `HTTPS_PROXY=127.0.0.1:7890` became an https:// proxy
 * and the TLS hello went to a plain-HTTP port), honours uppercase HTTP_PROXY,
 * matches `example.com` in NO_PROXY only exactly, knows no CIDR ranges, and
 * reads process.env itself.
 */

export type ProxyVariables = Readonly<Record<string, string | undefined>>;

/** A proxy variable whose value cannot be used: the probe reports it instead of guessing. */
export class InvalidEnvProxyError extends Error {
  readonly code = "invalid_env_proxy";
  constructor(
    readonly variable: string,
    value: string,
    reason: string,
  ) {
    super(`${variable}="${maskProxyVariable(value)}" cannot be used: ${reason}`);
    this.name = "InvalidEnvProxyError";
  }
}

export interface EnvProxyChoice {
  route: ConcreteRoute;
  /** The variable the proxy came from, or the NO_PROXY variable that exempted the host; null when none applies. */
  variable: string | null;
}

export function resolveEnvProxy(targetUrl: string, variables: ProxyVariables = currentProxyVariables()): ConcreteRoute {
  return chooseEnvProxy(targetUrl, variables).route;
}

export function chooseEnvProxy(targetUrl: string, variables: ProxyVariables = currentProxyVariables()): EnvProxyChoice {
  const target = new URL(targetUrl);
  const secure = target.protocol === "https:";
  const port = Number(target.port) || (secure ? 443 : 80);

  const noProxy = firstSet(variables, ["no_proxy", "NO_PROXY"]);
  if (noProxy && matchesNoProxy(target.hostname, port, noProxy.value)) return { route: { protocol: "direct" }, variable: noProxy.name };

  // Lowercase first. Uppercase HTTP_PROXY is never read: a CGI server puts a
  // request's "Proxy:" header there (httpoxy), so curl ignores it.
  const names = secure ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] : ["http_proxy", "all_proxy", "ALL_PROXY"];
  const chosen = firstSet(variables, names);
  if (!chosen) return { route: { protocol: "direct" }, variable: null };
  return { route: parseProxyVariable(chosen.name, chosen.value), variable: chosen.name };
}

/** A proxy variable's value as curl reads it: without a scheme it is an HTTP proxy. */
export function parseProxyVariable(name: string, value: string): ConcreteRoute {
  const trimmed = value.trim();
  const withScheme = hasScheme(trimmed) ? trimmed : `http://${trimmed}`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(withScheme)?.[1]?.toLowerCase();
  if (scheme === "socks4" || scheme === "socks4a") {
    throw new InvalidEnvProxyError(name, value, `SOCKS4 proxies are not supported; use socks5:// (or socks5h:// to let the proxy resolve names)`);
  }
  try {
    const spec = parseProxySpec(withScheme);
    if (spec.protocol === "direct" || spec.protocol === "env") return { protocol: "direct" };
    // curl's defaults when the value names no port: 443 for an https://
    // proxy, 1080 for every other kind (not http's 80).
    return hasExplicitPort(withScheme) ? spec : { ...spec, port: spec.protocol === "https" ? 443 : 1080 };
  } catch (error) {
    if (error instanceof InvalidProxySpecError) throw new InvalidEnvProxyError(name, value, error.reason);
    throw error;
  }
}

/** Whether a proxy value names its scheme; tools disagree on what a missing one means. */
export function hasScheme(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
}

function hasExplicitPort(url: string): boolean {
  const authority = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0] ?? "";
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  return /^\[[^\]]*\]:\d+$/.test(hostPort) || /^[^:[\]]+:\d+$/.test(hostPort);
}

function firstSet(variables: ProxyVariables, names: string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = variables[name];
    // Like curl, a variable set to the empty string counts as unset.
    if (value !== undefined && value.trim() !== "") return { name, value };
  }
  return null;
}

/**
 * A proxy variable's value with its password masked, with or without a
 * scheme (`user:secret@host:port` is common), up to the last `@` so that an
 * unencoded `@` in the password does not leak its tail.
 */
export function maskProxyVariable(value: string): string {
  return value.replace(/^(\s*(?:[a-z][a-z0-9+.-]*:\/\/)?[^:/@\s]*:)\S*@/i, "$1****@");
}

function currentProxyVariables(): ProxyVariables {
  return Object.fromEntries(readProxyEnv().map(({ name, value }) => [name, value]));
}
