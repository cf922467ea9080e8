import { exchangeFetch } from "../routes/exchange-fetch";
import type { RouteDispatcher } from "../routes/route-dispatcher";

/** Who the API's edge sees: the route's exit address, country and data centre. */
export interface ExitIdentity {
  ip: string;
  country: string | null;
  colo: string | null;
}

/**
 * Asks the API host's Cloudflare trace endpoint (`/cdn-cgi/trace`) through the
 * route. Null when the host does not answer it: that is not a probe failure.
 */
export async function fetchExitIdentity(route: RouteDispatcher, baseUrl: string, timeoutMs: number): Promise<ExitIdentity | null> {
  const url = new URL("/cdn-cgi/trace", baseUrl);
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    return await route.exchange(deadline, async ({ dispatcher }) => {
      const response = await exchangeFetch(dispatcher)(url, { signal: deadline, redirect: "manual" });
      const text = await response.text();
      return response.status === 200 ? parseTrace(text) : null;
    });
  } catch {
    return null;
  }
}

export function parseTrace(text: string): ExitIdentity | null {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf("=");
    if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const ip = fields.get("ip");
  if (!ip) return null;
  return { ip, country: fields.get("loc") || null, colo: fields.get("colo") || null };
}
