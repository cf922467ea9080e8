import { diagnose, reachesApi, type RouteCheck } from "../lib/doctor/diagnose";
import { readEnv, readProxyEnv, readVariable } from "../lib/env";
import { defaultProbeKind, PROVIDER_IDS, providerInfo, type ProviderId } from "../lib/providers/registry";
import { runProbe } from "../lib/probe/run-probe";
import { describeProxySpec, parseProxySpec, type ProxySpec } from "../lib/routes/parse-proxy-spec";
import { hasScheme, maskProxyVariable } from "../lib/routes/resolve-env-proxy";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { maskSecret } from "../lib/secrets/redact";
import { EXIT } from "./cli-error";
import { formatTimings } from "./format-report";
import { DEFAULT_BASE_URL, parseIntegerOption, parseOptions, pickLang, wantsHelp } from "./parse-options";
import { baseUrlFor, keyFromEnvironment, parseProvider } from "./probe-command";

export const DOCTOR_USAGE = `proxypulse doctor: checks every route this machine has to an LLM API (direct, the proxy variables, each --proxy),
then the key and its quota through the best one, and says what to fix.

Usage:
  proxypulse doctor [--provider ${PROVIDER_IDS.join("|")}] [--proxy SPEC]... [--base-url URL] [--api-key KEY] [--model MODEL] [--no-chat]
                    [--timeout-ms N] [--ca-file PATH] [--lang en|zh]

  --provider ID     which API (default: each provider whose key variable is set: OPENAI_API_KEY, ANTHROPIC_API_KEY,
                    GEMINI_API_KEY or GOOGLE_API_KEY, AZURE_OPENAI_API_KEY with AZURE_OPENAI_ENDPOINT; openai when none
                    is, or when --base-url, --api-key or --model is given; see proxypulse probe --help for their defaults)
  --proxy SPEC      also check this proxy (repeatable): http://… | https://… | socks5://… | socks5h://…
  --base-url URL    the API (default: the provider's base URL variable, e.g. OPENAI_BASE_URL, else ${DEFAULT_BASE_URL})
  --api-key KEY     the key (default: the provider's key variable, e.g. OPENAI_API_KEY); without one, only the routes are checked and the verdict cannot be "all good"
  --model MODEL     the model of the 1-token key check (default: the provider's, as in the dashboard)
  --no-chat         skip the key check (it costs one token)
  --timeout-ms N    give up on a route after N ms (default: 10000)
  --ca-file PATH    also trust this CA

Exit codes: 0 all good, 1 something is wrong (see the verdict), 2 bad usage.`;

export async function runDoctorCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  if (wantsHelp(argv)) {
    out.write(`${DOCTOR_USAGE}\n`);
    return EXIT.ok;
  }
  const values = parseOptions(argv, {
    provider: { type: "string" },
    proxy: { type: "string", multiple: true },
    "base-url": { type: "string" },
    "api-key": { type: "string" },
    model: { type: "string" },
    "no-chat": { type: "boolean" },
    "timeout-ms": { type: "string" },
    "ca-file": { type: "string" },
    lang: { type: "string" },
  });
  const env = readEnv();
  const lang = pickLang(values.lang, env.LC_ALL ?? env.LANG);
  const shared = {
    lang,
    env,
    proxyVars: readProxyEnv(),
    noChat: values["no-chat"] ?? false,
    timeoutMs: parseIntegerOption("timeout-ms", values["timeout-ms"], 100, 600_000) ?? 10_000,
    caFile: values["ca-file"] ?? null,
    proxies: (values.proxy ?? []).map((value) => parseProxySpec(value)),
  };
  const checks = providersToCheck(values);
  let healthy = true;
  for (const [index, check] of checks.entries()) {
    if (index > 0) out.write("\n");
    const title = checks.length > 1 ? `ProxyPulse doctor (${providerInfo(check.provider).label}): ${check.baseUrl}` : `ProxyPulse doctor: ${check.baseUrl}`;
    healthy = (await checkProvider(check, shared, title, out)) && healthy;
  }
  return healthy ? EXIT.ok : EXIT.failed;
}

interface ProviderCheck {
  provider: ProviderId;
  baseUrl: string;
  apiKey: string | null;
  /** Where the key came from (or would: the provider's main variable). */
  keyVariable: string;
  model: string;
}

/**
 * Which APIs to check: the one --provider names (or the one --base-url,
 * --api-key or --model are meant for: openai unless named); otherwise every
 * provider whose key variable is set (Azure also needs its endpoint), and
 * openai when none is.
 */
function providersToCheck(values: { provider?: string; "base-url"?: string; "api-key"?: string; model?: string }): ProviderCheck[] {
  const named = values.provider !== undefined || values["base-url"] !== undefined || values["api-key"] !== undefined || values.model !== undefined;
  const withKeys = named
    ? []
    : PROVIDER_IDS.filter((id) => keyFromEnvironment(id) && (providerInfo(id).defaults.baseUrl !== null || readVariable(providerInfo(id).defaults.baseUrlEnv)));
  const providers = withKeys.length > 0 ? withKeys : [parseProvider(values.provider)];
  return providers.map((provider) => {
    const { defaults } = providerInfo(provider);
    const fromEnvironment = keyFromEnvironment(provider);
    return {
      provider,
      baseUrl: baseUrlFor(values["base-url"], provider),
      apiKey: values["api-key"] ?? fromEnvironment?.key ?? null,
      keyVariable: fromEnvironment?.variable ?? defaults.apiKeyEnv,
      model: values.model ?? defaults.model,
    };
  });
}

/** Checks one API on every route, then its key through the best route; writes the report, says whether all is well. */
async function checkProvider(
  { provider, baseUrl, apiKey, keyVariable, model }: ProviderCheck,
  options: {
    lang: "en" | "zh";
    /** The environment and its proxy variables, read once for every provider's section. */
    env: ReturnType<typeof readEnv>;
    proxyVars: ReturnType<typeof readProxyEnv>;
    noChat: boolean;
    timeoutMs: number;
    caFile: string | null;
    proxies: ProxySpec[];
  },
  title: string,
  out: NodeJS.WritableStream,
): Promise<boolean> {
  const { lang, env, proxyVars, timeoutMs, caFile } = options;
  const keyKind = defaultProbeKind(provider);

  const specs: Array<{ label: string; spec: ProxySpec }> = [{ label: "direct", spec: { protocol: "direct" } }];
  if (proxyVars.some(({ name }) => !/^no_proxy$/i.test(name))) specs.push({ label: "env", spec: { protocol: "env" } });
  for (const spec of options.proxies) specs.push({ label: describeProxySpec(spec), spec });

  const routes = specs.map(({ label, spec }) => ({ label, route: new RouteDispatcher(spec, { caFile }) }));
  try {
    out.write(`${title}\n\n${lang === "zh" ? "环境" : "Environment"}\n`);
    for (const { name, value } of proxyVars) out.write(`  ${name.padEnd(28)} ${maskProxyVariable(value)}\n`);
    if (proxyVars.length === 0) out.write(`  ${lang === "zh" ? "未设置代理环境变量" : "no proxy variables set"}\n`);
    out.write(`  ${keyVariable.padEnd(28)} ${apiKey ? maskSecret(apiKey) : lang === "zh" ? "未设置" : "not set"}\n`);
    if (!apiKey) out.write(`${NO_KEY_NOTE[lang].replace("OPENAI_API_KEY", keyVariable)}\n`);
    if (env.NODE_EXTRA_CA_CERTS) out.write(`  ${"NODE_EXTRA_CA_CERTS".padEnd(28)} ${env.NODE_EXTRA_CA_CERTS}\n`);
    if (env.NODE_TLS_REJECT_UNAUTHORIZED === "0") out.write(`  ${"NODE_TLS_REJECT_UNAUTHORIZED".padEnd(28)} 0 (!)\n`);

    out.write(`\n${lang === "zh" ? "线路（GET /models，不消耗额度）" : "Routes (GET /models, free)"}\n`);
    const checks: RouteCheck[] = await Promise.all(
      routes.map(async ({ label, route }) => {
        const result = await runProbe(route, { baseUrl, apiKey: apiKey ?? null, apiKeySource: keyVariable, model, provider, probe: "models", timeoutMs, traceExit: true });
        return { label: label === "env" ? result.route : label, result };
      }),
    );
    for (const check of checks) out.write(formatCheck(check, lang, Boolean(apiKey)));

    let keyCheck: Parameters<typeof diagnose>[0]["keyCheck"] = null;
    const reaching = checks.filter((check) => reachesApi(check.result));
    const best = [...reaching].sort((a, b) => (a.result.timings.totalMs ?? Infinity) - (b.result.timings.totalMs ?? Infinity))[0];
    if (best && apiKey) {
      if (options.noChat) {
        keyCheck = { skipped: true, label: best.label };
      } else {
        const route = routes[checks.indexOf(best)]!.route;
        const result = await runProbe(route, { baseUrl, apiKey, model, provider, probe: keyKind, timeoutMs, traceExit: false });
        result.exit = best.result.exit ?? null;
        keyCheck = { label: best.label, result };
        out.write(`\n${lang === "zh" ? `密钥与额度（${keyKind}，1 个 token，${model}）` : `Key and quota (${keyKind}, 1 token, ${model})`}\n`);
        out.write(formatCheck(keyCheck, lang, true));
      }
    }

    const diagnosis = diagnose({
      apiHost: new URL(baseUrl).host,
      apiKeySet: Boolean(apiKey),
      apiKeyVariable: keyVariable,
      proxyVariables: proxyVars.map(({ name }) => name),
      schemelessProxyVariables: proxyVars.filter(({ name, value }) => !/^no_proxy$/i.test(name) && !hasScheme(value)).map(({ name }) => name),
      tlsVerificationDisabled: env.NODE_TLS_REJECT_UNAUTHORIZED === "0",
      routes: checks,
      keyCheck,
    });
    out.write(`\n${lang === "zh" ? "结论" : "Verdict"}\n  ${diagnosis.healthy ? "✔" : "✘"} ${diagnosis.verdict[lang]}\n`);
    if (diagnosis.advice.length) {
      out.write(`\n${lang === "zh" ? "建议" : "Advice"}\n`);
      for (const item of diagnosis.advice) out.write(`  - ${item[lang]}\n`);
    }
    return diagnosis.healthy;
  } finally {
    await Promise.all(routes.map(({ route }) => route.close()));
  }
}

/** What a missing key means, said up front: the 401s below are expected, and the verdict is about the routes only. */
const NO_KEY_NOTE = {
  en: [
    "  → No API key is set (OPENAI_API_KEY or --api-key). Each route is checked without one: an answer of 401 still proves",
    "    the route reaches the API. The key and its quota cannot be checked, so the verdict cannot be \"all good\" (exit 1).",
  ].join("\n"),
  zh: [
    "  → 未设置 API 密钥（OPENAI_API_KEY 或 --api-key）。各线路将在没有密钥的情况下检查：返回 401 也说明线路能连到 API。",
    "    无法检查密钥及其额度，因此结论不会是“一切正常”（退出码 1）。",
  ].join("\n"),
};

function formatCheck(check: RouteCheck, lang: "en" | "zh", keySet: boolean): string {
  const { result } = check;
  if (!keySet && result.kind === "auth_invalid") {
    // Expected without a key: the route is fine, and "check your key" would point at the wrong thing.
    const reached = lang === "zh" ? "可连到 API（未发送密钥，401 在预期之中）" : "reaches the API (no key sent: 401 as expected)";
    return `  ✔ ${check.label.padEnd(36)} ${reached}\n      ${formatTimings(result.timings)}\n`;
  }
  const exit = result.exit ? `  exit ${result.exit.ip}${result.exit.country ? ` ${result.exit.country}` : ""}` : "";
  const head = `  ${reachesApi(result) && result.ok ? "✔" : reachesApi(result) ? "~" : "✘"} ${check.label.padEnd(36)} ${result.kind}${result.httpStatus ? ` (HTTP ${result.httpStatus})` : ""}${exit}`;
  const detail = `      ${formatTimings(result.timings)}`;
  const why = result.ok ? "" : `\n      ${result.message}\n      → ${result.hint[lang]}`;
  return `${head}\n${detail}${why}\n`;
}
