import { readEnv } from "../lib/env";
import { CliError, EXIT, UsageError } from "./cli-error";
import { parseOptions, wantsHelp } from "./parse-options";

interface BestRouteBody {
  target: string;
  route: { proxyName: string; proxy: string | null; resolvedProxy: string | null; credentialsIncluded: boolean };
  evidence: { successRate: number | null; p50Ms: number | null; probesLastHour: number };
}

/**
 * Asks a running ProxyPulse which route to use for a target and prints it as
 * JSON or as shell exports: `eval "$(proxypulse best-route --target openai --format env)"`.
 */
export const BEST_ROUTE_USAGE = `proxypulse best-route: asks a running ProxyPulse which route to use for a target now.

Usage:
  proxypulse best-route --target NAME [--location NAME] [--format json|env] [--json] [--server URL] [--token TOKEN]

  --target NAME     the target's name, as in proxypulse.yaml or the dashboard
  --location NAME   the best route as probed from this location (default: the hub's own probes)
  --format json|env JSON (default), or shell exports: eval "$(proxypulse best-route --target openai --format env)"
  --json            the same as --format json; errors too, as { "error": { "code", "message" } }
  --server URL      ProxyPulse's URL (default: PROXYPULSE_URL, else http://localhost:3000)
  --token TOKEN     the admin token, needed for the proxy's credentials (default: PROXYPULSE_ADMIN_TOKEN)

Exit codes: 0 a route was found, 1 none is healthy or the server cannot be asked, 2 bad usage or an unknown target.`;

export async function runBestRouteCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  if (wantsHelp(argv)) {
    out.write(`${BEST_ROUTE_USAGE}\n`);
    return EXIT.ok;
  }
  const values = parseOptions(argv, {
    target: { type: "string" },
    location: { type: "string" },
    format: { type: "string" },
    json: { type: "boolean" },
    server: { type: "string" },
    token: { type: "string" },
  });
  const env = readEnv();
  if (!values.target) throw new UsageError("--target is required (the target's name, as in proxypulse.yaml or the dashboard)");
  if (values.json && values.format !== undefined && values.format !== "json") throw new UsageError(`--json and --format ${values.format} contradict each other`);
  const format = values.format ?? "json";
  if (format !== "json" && format !== "env") throw new UsageError(`--format must be env or json, got "${format}"`);
  const server = values.server ?? env.PROXYPULSE_URL ?? "http://localhost:3000";
  let url: URL;
  try {
    url = new URL(`/api/best-route?target=${encodeURIComponent(values.target)}${values.location !== undefined ? `&location=${encodeURIComponent(values.location)}` : ""}`, server);
  } catch {
    throw new UsageError(`--server must be ProxyPulse's URL, such as http://localhost:3000, got "${server}"`);
  }
  const token = values.token ?? env.PROXYPULSE_ADMIN_TOKEN;

  let response: Response;
  try {
    response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new CliError("server_unreachable", `cannot reach ProxyPulse at ${server}: ${reason}`, EXIT.failed);
  }
  const body = (await response.json().catch(() => null)) as (BestRouteBody & { error?: { code: string; message: string } }) | null;
  if (!response.ok || !body || body.error) {
    // The server's own code and message, so --json passes on exactly what the API said.
    const code = body?.error?.code ?? "unexpected_response";
    const message = body?.error?.message ?? `ProxyPulse at ${server} answered HTTP ${response.status} without an explanation`;
    throw new CliError(code, message, response.status === 404 || response.status === 400 ? EXIT.usage : EXIT.failed);
  }
  if (format === "json") {
    out.write(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  const proxy = body.route.resolvedProxy ?? body.route.proxy;
  // Anonymous callers get names only: nothing a shell could use.
  if (!body.route.credentialsIncluded || (proxy && proxy.includes(":****@"))) {
    throw new CliError("credentials_not_included", "the proxy and its credentials were not included: pass --token or set PROXYPULSE_ADMIN_TOKEN", EXIT.failed);
  }
  const rate = body.evidence.successRate === null ? "?" : `${(body.evidence.successRate * 100).toFixed(1)}%`;
  out.write(`# ProxyPulse: best route to ${body.target} is ${body.route.proxyName} (p50 ${Math.round(body.evidence.p50Ms ?? 0)} ms, ${rate} of ${body.evidence.probesLastHour} probes in the last hour)\n`);
  if (!proxy || proxy === "direct") {
    out.write("unset HTTPS_PROXY HTTP_PROXY ALL_PROXY https_proxy http_proxy all_proxy\n");
  } else {
    const quoted = `'${proxy.replace(/'/g, `'\\''`)}'`;
    for (const name of ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]) out.write(`export ${name}=${quoted}\n`);
    if (proxy.startsWith("socks")) out.write(`export ALL_PROXY=${quoted} all_proxy=${quoted}\n`);
  }
  return EXIT.ok;
}
