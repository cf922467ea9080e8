import { readEnv, readVariable } from "../lib/env";
import { DEFAULT_PROVIDER, defaultProbeKind, isProviderId, PROVIDER_IDS, probeKindsOf, providerInfo, type ProbeKindName, type ProviderId } from "../lib/providers/registry";
import { runProbe, type ProbeResult } from "../lib/probe/run-probe";
import { parseProxySpec } from "../lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { EXIT, UsageError } from "./cli-error";
import { formatProbeReport, toCliJson } from "./format-report";
import { DEFAULT_BASE_URL, parseIntegerOption, parseOptions, pickLang, wantsHelp } from "./parse-options";

const providerLines = PROVIDER_IDS.map((id) => {
  const { defaults } = providerInfo(id);
  return `                    ${id.padEnd(10)} kinds ${probeKindsOf(id).join(", ")}; key ${defaults.apiKeyEnv}; base URL ${defaults.baseUrlEnv}, else ${defaults.baseUrl ?? "required"}; model ${defaults.model}`;
}).join("\n");

export const PROBE_USAGE = `proxypulse probe: one probe of an LLM API through one route: does it work, how fast, and why not?

Usage:
  proxypulse probe [--provider ${PROVIDER_IDS.join("|")}] [--kind KIND] [--base-url URL] [--api-key KEY] [--model MODEL]
                   [--proxy SPEC] [--timeout-ms N] [--ca-file PATH] [--trace] [--json] [--lang en|zh]

  --provider ID     which API (default: ${DEFAULT_PROVIDER}, also every OpenAI-compatible server); its defaults:
${providerLines}
  --base-url URL    the API as its SDK takes it (openai: up to and including /v1; anthropic, gemini: the host, without the version;
                    azure-openai: the resource's endpoint, ?api-version=… optional, or a deployment's whole URL)
  --api-key KEY     the key (default: the provider's key variable above)
  --model MODEL     the model for a paid probe (default: the provider's, as in the dashboard)
  --proxy SPEC      direct | env | http://[user:pass@]host:port | https://… | socks5://… | socks5h://… (default: direct)
  --kind KIND       openai: chat, chat-stream, embeddings, responses, responses-stream or models
                    anthropic: messages, messages-stream or models
                    gemini: generate, generate-stream or models
                    azure-openai: chat, chat-stream or models (to the deployment: the base URL's, else --model)
                    chat, messages, generate: one output token (checks quota or credit); *-stream: a short streamed
                    answer (time to first token, tokens/s, and whether something on the way buffers or cuts it);
                    embeddings: one short input (--model an embedding model); responses: the Responses API;
                    models: the model list (free). Default: the provider's first.
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
    provider: { type: "string" },
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
  const providerId = parseProvider(values.provider);
  const { defaults } = providerInfo(providerId);
  const probe = parseKind(providerId, values.kind);
  const apiKey = values["api-key"] ?? keyFromEnvironment(providerId)?.key;
  if (!apiKey) throw new UsageError(`no API key: pass --api-key KEY or set ${keyVariables(providerId).join(" or ")}`, "no_api_key");
  const model = values.model ?? defaults.model;
  const baseUrl = baseUrlFor(values["base-url"], providerId);
  const timeoutMs = parseIntegerOption("timeout-ms", values["timeout-ms"], 100, 600_000) ?? 15_000;

  const route = new RouteDispatcher(parseProxySpec(values.proxy ?? "direct"), { caFile: values["ca-file"] ?? null });
  let result: ProbeResult;
  try {
    result = await runProbe(route, { baseUrl, apiKey, model, provider: providerId, probe, timeoutMs, traceExit: values.trace ?? false });
  } finally {
    await route.close();
  }
  out.write(values.json ? `${JSON.stringify({ ...toCliJson(result, lang, values.trace ?? false), provider: providerId })}\n` : formatProbeReport(result, { baseUrl, model, lang }));
  return result.ok ? EXIT.ok : EXIT.failed;
}

/** The variables a provider's key is read from, in order (Gemini: GEMINI_API_KEY, then GOOGLE_API_KEY). */
export function keyVariables(provider: ProviderId): string[] {
  const { defaults } = providerInfo(provider);
  return [defaults.apiKeyEnv, ...(defaults.apiKeyEnvAlternatives ?? [])];
}

/** The provider's key from the first of its variables that is set, and which one that was. */
export function keyFromEnvironment(provider: ProviderId): { key: string; variable: string } | null {
  for (const variable of keyVariables(provider)) {
    const key = readVariable(variable);
    if (key) return { key, variable };
  }
  return null;
}

/** --provider: one of the registry's, openai when absent. */
export function parseProvider(value: string | undefined): ProviderId {
  if (value === undefined) return DEFAULT_PROVIDER;
  if (!isProviderId(value)) throw new UsageError(`--provider must be one of ${PROVIDER_IDS.join(", ")}, got "${value}"`);
  return value;
}

/** --kind: one the provider offers, its default when absent. */
export function parseKind(provider: ProviderId, value: string | undefined): ProbeKindName {
  if (value === undefined) return defaultProbeKind(provider);
  const kinds = probeKindsOf(provider);
  if (!(kinds as string[]).includes(value)) throw new UsageError(`--kind must be one of ${kinds.join(", ")} (the ${provider} provider's kinds), got "${value}"`);
  return value as ProbeKindName;
}

/**
 * The base URL from --base-url, else the provider's variable, else its
 * official one; a provider without one (each Azure resource has its own
 * endpoint) needs one of the first two.
 */
export function baseUrlFor(flag: string | undefined, provider: ProviderId): string {
  const { defaults } = providerInfo(provider);
  const value = flag ?? readVariable(defaults.baseUrlEnv) ?? defaults.baseUrl;
  if (value === null) {
    throw new UsageError(`the ${provider} provider has no default base URL: pass --base-url (your resource's endpoint, e.g. https://NAME.openai.azure.com) or set ${defaults.baseUrlEnv}`, "no_base_url");
  }
  return checkBaseUrl(value);
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
