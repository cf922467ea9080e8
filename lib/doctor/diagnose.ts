import type { ProbeResult } from "../probe/run-probe";
import { KIND_TEXTS } from "../i18n/kind-texts";

export interface RouteCheck {
  /** How the user named the route ("direct", "env", a proxy URL, masked). */
  label: string;
  /** The connectivity probe (GET /models) through it. */
  result: ProbeResult;
}

export interface DoctorFacts {
  apiHost: string;
  apiKeySet: boolean;
  /** The variable the provider's key is read from (default OPENAI_API_KEY). */
  apiKeyVariable?: string;
  /** Names of the proxy variables that are set. */
  proxyVariables: string[];
  /** Names of the proxy variables whose value has no scheme (`127.0.0.1:7890`). */
  schemelessProxyVariables?: string[];
  tlsVerificationDisabled: boolean;
  routes: RouteCheck[];
  /** The chat probe through the best route, when one reached the API. */
  keyCheck: (RouteCheck & { skipped?: false }) | { skipped: true; label: string } | null;
}

export type Bilingual = { en: string; zh: string };

export interface Diagnosis {
  healthy: boolean;
  verdict: Bilingual;
  advice: Bilingual[];
  bestRoute: string | null;
}

/** A route reaches the API when the API itself answered, whatever it said. */
export function reachesApi(result: ProbeResult): boolean {
  return result.ok || ((result.layer === "api" || result.layer === "quota") && result.kind !== "unexpected_response");
}

/**
 * The doctor's reasoning, a pure function of what was observed: which route
 * works, what stands in the way, and the one thing to do next.
 */
export function diagnose(facts: DoctorFacts): Diagnosis {
  const advice = environmentAdvice(facts);
  const reaching = facts.routes.filter((route) => reachesApi(route.result));
  const direct = facts.routes.find((route) => route.label === "direct");

  if (reaching.length === 0) {
    return { healthy: false, bestRoute: null, verdict: noRouteVerdict(facts), advice };
  }

  const best = [...reaching].sort((a, b) => (a.result.timings.totalMs ?? Infinity) - (b.result.timings.totalMs ?? Infinity))[0]!;
  if (direct && !reachesApi(direct.result) && best.label !== "direct") {
    advice.push({
      en: `Direct access fails (${direct.result.kind}) but ${best.label} works: make your code use that proxy explicitly. In Node pass an undici ProxyAgent as the OpenAI client's fetchOptions.dispatcher; in Python pass http_client=httpx.Client(proxy=...). Proxies set on a requests session do nothing for the SDK.`,
      zh: `直连失败（${direct.result.kind}），但 ${best.label} 可用：请在代码中显式使用该代理。Node 中把 undici 的 ProxyAgent 作为 OpenAI 客户端的 fetchOptions.dispatcher；Python 中传入 http_client=httpx.Client(proxy=...)。在 requests 会话上设置代理对 SDK 无效。`,
    });
  }
  for (const route of facts.routes) {
    if (!reachesApi(route.result)) {
      advice.push({
        en: `${route.label}: ${route.result.kind}. ${route.result.hint.en}`,
        zh: `${route.label}：${route.result.kind}。${route.result.hint.zh}`,
      });
    }
  }

  const key = facts.keyCheck;
  if (!facts.apiKeySet) {
    return {
      healthy: false,
      bestRoute: best.label,
      verdict: {
        en: `${best.label} reaches ${facts.apiHost}, but no API key is set: set ${facts.apiKeyVariable ?? "OPENAI_API_KEY"} (or pass --api-key) to check the key and its quota.`,
        zh: `${best.label} 可以连到 ${facts.apiHost}，但没有设置 API 密钥：请设置 ${facts.apiKeyVariable ?? "OPENAI_API_KEY"}（或传入 --api-key）以检查密钥和额度。`,
      },
      advice,
    };
  }
  if (!key || key.skipped) {
    const healthy = best.result.ok;
    return {
      healthy,
      bestRoute: best.label,
      verdict: healthy
        ? { en: `${best.label} reaches ${facts.apiHost} and the key is accepted (quota not checked: chat probe skipped).`, zh: `${best.label} 可以连到 ${facts.apiHost}，密钥有效（未检查额度：已跳过对话探测）。` }
        : keyVerdict(best, facts.apiKeyVariable ?? "OPENAI_API_KEY"),
      advice,
    };
  }
  if (key.result.ok) {
    return {
      healthy: true,
      bestRoute: key.label,
      verdict: {
        en: `All good: ${key.label} reaches ${facts.apiHost}, the key works and has quota (${key.result.timings.totalMs ?? "?"} ms for a 1-token completion).`,
        zh: `一切正常：${key.label} 可以连到 ${facts.apiHost}，密钥有效且有额度（1 个 token 的补全耗时 ${key.result.timings.totalMs ?? "?"} ms）。`,
      },
      advice,
    };
  }
  return { healthy: false, bestRoute: key.label, verdict: keyVerdict(key, facts.apiKeyVariable ?? "OPENAI_API_KEY"), advice };
}

function keyVerdict(check: RouteCheck, keyVariable: string): Bilingual {
  const { result, label } = check;
  const exit = result.exit?.country ? ` (exit country seen by the API: ${result.exit.country})` : "";
  const exitZh = result.exit?.country ? `（API 看到的出口国家/地区：${result.exit.country}）` : "";
  switch (result.kind) {
    case "quota_exhausted":
      return {
        en: `Your route works (${label}) but your key has no quota left: this is billing, not speed, so waiting will not help. Add credit or raise the limit.`,
        zh: `线路正常（${label}），但密钥额度已用尽：这是计费问题而不是速率问题，等待无济于事。请充值或提高额度。`,
      };
    case "region_blocked":
      return {
        en: `Your route works (${label}) but the API refuses the country it exits from${exit}: use a proxy node in a supported region.`,
        zh: `线路可达（${label}），但 API 拒绝了其出口所在的国家/地区${exitZh}：请使用位于受支持地区的代理节点。`,
      };
    case "auth_invalid":
      return { en: `Your route works (${label}) but the API rejects the key: check ${keyVariable}.`, zh: `线路正常（${label}），但 API 拒绝了该密钥：请检查 ${keyVariable}。` };
    case "rate_limited":
      return {
        en: `Your route works (${label}) but the key is rate limited right now: wait for the reset or lower the request rate.`,
        zh: `线路正常（${label}），但该密钥当前被限速：请等待重置或降低请求频率。`,
      };
    default:
      return {
        en: `Your route works (${label}) but the API answered ${result.kind}: ${result.message}. ${result.hint.en}`,
        zh: `线路可达（${label}），但 API 返回 ${result.kind}：${result.message}。${result.hint.zh}`,
      };
  }
}

function noRouteVerdict(facts: DoctorFacts): Bilingual {
  const proxyFailure = facts.routes.find((route) => route.label !== "direct" && route.result.layer === "proxy");
  const summary = facts.routes.map((route) => `${route.label}: ${route.result.kind}`).join("; ");
  if (proxyFailure) {
    const info = KIND_TEXTS[proxyFailure.result.kind];
    return {
      en: `No route reaches ${facts.apiHost} (${summary}). The proxy is the problem: ${info.hint.en}`,
      zh: `没有线路能连到 ${facts.apiHost}（${summary}）。问题出在代理：${info.hint.zh}`,
    };
  }
  const onlyDirect = facts.routes.length === 1 && facts.routes[0]?.label === "direct";
  const first = facts.routes[0]?.result;
  if (onlyDirect && first && (first.layer === "network" || first.layer === "tls")) {
    return {
      en: `Direct access to ${facts.apiHost} fails here (${first.kind}) and no proxy is configured: set HTTPS_PROXY or try one with --proxy http://127.0.0.1:7890.`,
      zh: `本机直连 ${facts.apiHost} 失败（${first.kind}），且未配置代理：请设置 HTTPS_PROXY，或用 --proxy http://127.0.0.1:7890 试一个代理。`,
    };
  }
  return {
    en: `No route reaches ${facts.apiHost} (${summary}). ${first ? first.hint.en : ""}`.trim(),
    zh: `没有线路能连到 ${facts.apiHost}（${summary}）。${first ? first.hint.zh : ""}`.trim(),
  };
}

function environmentAdvice(facts: DoctorFacts): Bilingual[] {
  const advice: Bilingual[] = [];
  const vars = new Set(facts.proxyVariables.map((name) => name.toUpperCase()));
  if (facts.tlsVerificationDisabled) {
    advice.push({
      en: "NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for every connection: remove it, and if a proxy intercepts TLS, trust its CA with NODE_EXTRA_CA_CERTS or --ca-file instead.",
      zh: "NODE_TLS_REJECT_UNAUTHORIZED=0 会关闭所有连接的证书校验：请删除它；若代理会解密 TLS，请改用 NODE_EXTRA_CA_CERTS 或 --ca-file 信任其 CA。",
    });
  }
  if (vars.has("HTTP_PROXY") && !vars.has("HTTPS_PROXY") && !vars.has("ALL_PROXY")) {
    advice.push({
      en: "HTTP_PROXY is set but HTTPS_PROXY is not: requests to an https:// API ignore HTTP_PROXY. Set HTTPS_PROXY as well.",
      zh: "设置了 HTTP_PROXY 但没有设置 HTTPS_PROXY：访问 https:// 的 API 不会使用 HTTP_PROXY，请同时设置 HTTPS_PROXY。",
    });
  }
  for (const name of facts.schemelessProxyVariables ?? []) {
    advice.push({
      en: `${name} has no scheme: ProxyPulse reads it like curl, as an http:// proxy, but other tools disagree (Node's proxy-from-env, used by axios, makes it https:// for https URLs and then fails the TLS handshake with the proxy). Write the scheme, e.g. http://127.0.0.1:7890.`,
      zh: `${name} 没有写协议：ProxyPulse 与 curl 一样把它当作 http:// 代理，但其他工具的理解不同（Node 的 proxy-from-env，axios 使用它，会对 https 地址把它当作 https://，随后与代理的 TLS 握手失败）。请写明协议，例如 http://127.0.0.1:7890。`,
    });
  }
  return advice;
}
