import { readEnv } from "../lib/env";
import { PROBE_KIND_NAMES, type ProbeKindName } from "../lib/providers/registry";
import { runProbe, type ProbeResult } from "../lib/probe/run-probe";
import { parseProxySpec } from "../lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { EXIT, UsageError } from "./cli-error";
import { formatProbeReport, toCliJson } from "./format-report";
import { DEFAULT_BASE_URL, parseIntegerOption, parseOptions, pickLang, wantsHelp } from "./parse-options";
import { DEFAULT_MODEL } from "../lib/config/default-model";

export const PROBE_USAGE = `proxypulse probe: one probe of the OpenAI API through one route: does it work, how fast, and why not?

Usage:
  proxypulse probe [--base-url URL] [--api-key KEY] [--model MODEL] [--proxy SPEC]
                   [--kind chat|models] [--timeout-ms N] [--ca-file PATH] [--trace] [--json] [--lang en|zh]

  --base-url URL    the API (default: OPENAI_BASE_URL, else ${DEFAULT_BASE_URL})
  --api-key KEY     the key (default: OPENAI_API_KEY)
  --model MODEL     the model for a chat probe (default: ${DEFAULT_MODEL}, as in the dashboard)
  --proxy SPEC      direct | env | http://[user:pass@]host:port | https://… | socks5://… | socks5h://… (default: direct)
  --kind KIND       chat (1-token completion; checks quota) or models (GET /models; free) (default: chat)
  --timeout-ms N    give up after N ms (default: 15000)
  --ca-file PATH    also trust this CA (a self-hosted API or a TLS-intercepting proxy)
  --trace           also ask the API host's edge which exit IP and country it sees (when the route reaches it)
  --json            one JSON object on stdout; errors too, as { "error": { "code", "message" } }
  --lang en|zh      the language of titles and hints

Exit codes: 0 the route works, 1 the probe failed (see kind and hint), 2 bad usage.`;

export async function runProbeCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  if (wantsHelp(argv)) {
    out.write(`${PROBE_USAGE}\n`);
    return EXIT.ok;
  }
  const values = parseOptions(argv, {
    "base-url": { type: "string" },
    "api-key": { type: "string" },
    model: { type: "string" },
    proxy: { type: "string" },
    kind: { type: "string" },
    "timeout-ms": { type: "string" },
    "ca-file": { type: "string" },
    trace: { type: "boolean" },
    json: { type: "boolean" },
    lang: { type: "string" },
  });
  const env = readEnv();
  const lang = pickLang(values.lang, env.LC_ALL ?? env.LANG);
  const probe = (values.kind ?? "chat") as ProbeKindName;
  if (!PROBE_KIND_NAMES.includes(probe)) {
    throw new UsageError(`--kind must be one of ${PROBE_KIND_NAMES.join(", ")}, got "${values.kind}"`);
  }
  const apiKey = values["api-key"] ?? env.OPENAI_API_KEY;
  if (!apiKey) throw new UsageError("no API key: pass --api-key KEY or set OPENAI_API_KEY", "no_api_key");
  const model = values.model ?? DEFAULT_MODEL;
  const baseUrl = checkBaseUrl(values["base-url"] ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL);
  const timeoutMs = parseIntegerOption("timeout-ms", values["timeout-ms"], 100, 600_000) ?? 15_000;

  const route = new RouteDispatcher(parseProxySpec(values.proxy ?? "direct"), { caFile: values["ca-file"] ?? null });
  let result: ProbeResult;
  try {
    result = await runProbe(route, { baseUrl, apiKey, model, probe, timeoutMs, traceExit: values.trace ?? false });
  } finally {
    await route.close();
  }
  out.write(values.json ? `${JSON.stringify(toCliJson(result, lang, values.trace ?? false))}\n` : formatProbeReport(result, { baseUrl, model, lang }));
  return result.ok ? EXIT.ok : EXIT.failed;
}

export function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL such as ${DEFAULT_BASE_URL}, got "${value}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`--base-url must use http or https, got "${url.protocol}"`);
  }
  if (url.username || url.password) throw new UsageError("--base-url must not carry credentials: pass the key with --api-key");
  return value;
}
