import { getProxyForUrl } from "proxy-from-env";
import type { ConcreteRoute } from "./open-connection";
import { parseProxySpec, type ProxySpec } from "./parse-proxy-spec";

/**
 * What `env` means for one target URL, the way curl reads HTTPS_PROXY /
 * HTTP_PROXY / ALL_PROXY and NO_PROXY: a concrete proxy, or direct.
 */
export function resolveEnvProxy(targetUrl: string): ConcreteRoute {
  const proxyUrl = getProxyForUrl(targetUrl);
  if (!proxyUrl) return { protocol: "direct" };
  const spec: ProxySpec = parseProxySpec(proxyUrl);
  // A proxy variable cannot itself say "env"; treat that as no proxy.
  return spec.protocol === "env" ? { protocol: "direct" } : spec;
}
