import { readEnv } from "../lib/env";
import { PROBE_KIND_NAMES, type ProbeKindName } from "../lib/probe/probe-kinds";
import { runProbe, type ProbeResult } from "../lib/probe/run-probe";
import { parseProxySpec } from "../lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { EXIT, UsageError } from "./cli-error";
import { formatProbeReport, toCliJson } from "./format-report";
import { DEFAULT_BASE_URL, parseIntegerOption, parseOptions, pickLang } from "./parse-options";

export async function runProbeCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
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
  if (!apiKey) throw new UsageError("no API key: pass --api-key KEY or set OPENAI_API_KEY");
  const model = values.model ?? (probe === "models" ? "-" : undefined);
  if (!model) throw new UsageError("--model is required for a chat probe (e.g. --model gpt-4o-mini)");
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
