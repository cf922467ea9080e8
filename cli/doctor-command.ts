import { diagnose, reachesApi, type RouteCheck } from "../lib/doctor/diagnose";
import { readEnv, readProxyEnv, readVariable } from "../lib/env";
import { defaultProbeKind, PROVIDER_IDS, providerInfo } from "../lib/providers/registry";
import { runProbe } from "../lib/probe/run-probe";
import { describeProxySpec, parseProxySpec, type ProxySpec } from "../lib/routes/parse-proxy-spec";
import { hasScheme, maskProxyVariable } from "../lib/routes/resolve-env-proxy";
import { RouteDispatcher } from "../lib/routes/route-dispatcher";
import { maskSecret } from "../lib/secrets/redact";
import { EXIT } from "./cli-error";
import { formatTimings } from "./format-report";
import { DEFAULT_BASE_URL, parseIntegerOption, parseOptions, pickLang, wantsHelp } from "./parse-options";
import { baseUrlFor, parseProvider } from "./probe-command";

export const DOCTOR_USAGE = `proxypulse doctor: checks every route this machine has to an LLM API (direct, the proxy variables, each --proxy),
then the key and its quota through the best one, and says what to fix.

Usage:
  proxypulse doctor [--provider ${PROVIDER_IDS.join("|")}] [--proxy SPEC]... [--base-url URL] [--api-key KEY] [--model MODEL] [--no-chat]
                    [--timeout-ms N] [--ca-file PATH] [--lang en|zh]

  --provider ID     which API (default: openai; see proxypulse probe --help for each one's defaults)
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
  const provider = parseProvider(values.provider);
  const { defaults } = providerInfo(provider);
  const baseUrl = baseUrlFor(values["base-url"], provider);
  const apiKey = values["api-key"] ?? readVariable(defaults.apiKeyEnv);
  const model = values.model ?? defaults.model;
  const keyKind = defaultProbeKind(provider);
  const timeoutMs = parseIntegerOption("timeout-ms", values["timeout-ms"], 100, 600_000) ?? 10_000;
  const caFile = values["ca-file"] ?? null;
  const proxyVars = readProxyEnv();

  const specs: Array<{ label: string; spec: ProxySpec }> = [{ label: "direct", spec: { protocol: "direct" } }];
  if (proxyVars.some(({ name }) => !/^no_proxy$/i.test(name))) specs.push({ label: "env", spec: { protocol: "env" } });
  for (const value of values.proxy ?? []) {
    const spec = parseProxySpec(value);
    specs.push({ label: describeProxySpec(spec), spec });
  }

  const routes = specs.map(({ label, spec }) => ({ label, route: new RouteDispatcher(spec, { caFile }) }));
  try {
    out.write(`ProxyPulse doctor: ${baseUrl}\n\n${lang === "zh" ? "环境" : "Environment"}\n`);
    for (const { name, value } of proxyVars) out.write(`  ${name.padEnd(28)} ${maskProxyVariable(value)}\n`);
    if (proxyVars.length === 0) out.write(`  ${lang === "zh" ? "未设置代理环境变量" : "no proxy variables set"}\n`);
    out.write(`  ${defaults.apiKeyEnv.padEnd(28)} ${apiKey ? maskSecret(apiKey) : lang === "zh" ? "未设置" : "not set"}\n`);
    if (!apiKey) out.write(`${NO_KEY_NOTE[lang].replace("OPENAI_API_KEY", defaults.apiKeyEnv)}\n`);
    if (env.NODE_EXTRA_CA_CERTS) out.write(`  ${"NODE_EXTRA_CA_CERTS".padEnd(28)} ${env.NODE_EXTRA_CA_CERTS}\n`);
    if (env.NODE_TLS_REJECT_UNAUTHORIZED === "0") out.write(`  ${"NODE_TLS_REJECT_UNAUTHORIZED".padEnd(28)} 0 (!)\n`);

    out.write(`\n${lang === "zh" ? "线路（GET /models，不消耗额度）" : "Routes (GET /models, free)"}\n`);
    const checks: RouteCheck[] = await Promise.all(
      routes.map(async ({ label, route }) => {
        const result = await runProbe(route, { baseUrl, apiKey: apiKey ?? null, apiKeySource: defaults.apiKeyEnv, model, provider, probe: "models", timeoutMs, traceExit: true });
        return { label: label === "env" ? result.route : label, result };
      }),
    );
    for (const check of checks) out.write(formatCheck(check, lang, Boolean(apiKey)));

    let keyCheck: Parameters<typeof diagnose>[0]["keyCheck"] = null;
    const reaching = checks.filter((check) => reachesApi(check.result));
    const best = [...reaching].sort((a, b) => (a.result.timings.totalMs ?? Infinity) - (b.result.timings.totalMs ?? Infinity))[0];
    if (best && apiKey) {
      if (values["no-chat"]) {
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
      apiKeyVariable: defaults.apiKeyEnv,
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
    return diagnosis.healthy ? EXIT.ok : EXIT.failed;
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
