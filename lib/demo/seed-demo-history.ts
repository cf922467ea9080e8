import { OUTCOME_KINDS, type OutcomeKind } from "../classify/kinds";
import type { Sqlite } from "../db/sqlite";
import type { ProbeResult } from "../probe/run-probe";
import { recordResultsNow } from "../db/store/sqlite/sqlite-result-store";
import { refreshRouteSummaries } from "../db/store/sqlite/refresh-route-summaries";
import { KIND_TEXTS, kindHints } from "../i18n/kind-texts";

const STEP_MS = 20 * 60_000;
const HISTORY_MS = 30 * 86_400_000;

/**
 * Thirty days of made-up history (clearly demo data), so the charts have a
 * shape from the first minute: each proxy's typical latency, an outage of
 * clash-hk, a rate-limit burst, and the credit account running dry.
 */
export function seedDemoHistory(db: Sqlite, now: number = Date.now()): void {
  const routes = db
    .prepare(`SELECT r.id, r.targetId, p.name AS proxy, t.name AS target, t.probe FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId`)
    .all() as Array<{ id: number; targetId: number; proxy: string; target: string; probe: string }>;
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const batch: Array<{ routeId: number; targetId: number; result: ProbeResult }> = [];
  for (let at = now - HISTORY_MS; at < now - 60_000; at += STEP_MS) {
    const hoursAgo = (now - at) / 3_600_000;
    for (const route of routes) {
      let kind: OutcomeKind = "ok";
      if (route.proxy === "clash-hk" && hoursAgo > 30 && hoursAgo < 31.5) kind = "proxy_unreachable";
      else if (route.proxy === "clash-hk" && hoursAgo > 200 && hoursAgo < 206) kind = "proxy_unreachable";
      else if (route.proxy === "office" && hoursAgo > 400 && hoursAgo < 401) kind = "proxy_auth_failed";
      else if (route.proxy === "clash-hk" && hoursAgo > 8 && hoursAgo < 8.4) kind = "proxy_upstream_failed";
      else if (route.target.startsWith("OpenAI") && hoursAgo > 3 && hoursAgo < 3.5) kind = "rate_limited";
      else if (route.proxy === "direct" && random() < 0.04) kind = "connection_reset";
      else if (route.proxy.startsWith("socks") && random() < 0.05) kind = "timeout";
      const base = route.proxy.startsWith("socks") ? 1300 : route.proxy === "office" ? 420 : route.proxy === "clash-hk" ? 260 : 330;
      const totalMs = kind === "ok" ? base * (0.8 + random() * 0.5) : kind === "timeout" ? 4000 : 40 + random() * 40;
      const result = demoResult(kind, at, totalMs, route.proxy);
      if (route.probe.endsWith("-stream") && kind === "ok") Object.assign(result, demoStream(totalMs, random));
      batch.push({ routeId: route.id, targetId: route.targetId, result });
    }
  }
  recordResultsNow(db, batch, { downAfterFailures: 3, upAfterSuccesses: 2 });
  refreshRouteSummaries(db, now);
}

/** A demo stream: 20 tokens, about 25 ms apart, the first after the route's usual wait. */
function demoStream(totalMs: number, random: () => number): Pick<ProbeResult, "stream" | "usage" | "probe"> {
  const streamMs = 19 * (22 + random() * 8);
  return {
    probe: "messages-stream",
    usage: { promptTokens: 24, completionTokens: 20, totalTokens: 44 },
    stream: { ttftMs: totalMs, streamMs, chunks: 20, maxGapMs: 30 + random() * 40, outputTokens: 20, tokensPerSecond: Math.round((20 / streamMs) * 10_000) / 10 },
  };
}

function demoResult(kind: OutcomeKind, at: number, totalMs: number, proxy: string): ProbeResult {
  const ok = kind === "ok";
  const tunnel = proxy === "direct" ? null : proxy.startsWith("socks") ? totalMs * 0.45 : 8;
  return {
    ok,
    kind,
    layer: OUTCOME_KINDS[kind].layer,
    httpStatus: ok ? 200 : kind === "rate_limited" ? 429 : null,
    apiErrorCode: kind === "rate_limited" ? "rate_limit_exceeded" : null,
    apiErrorType: null,
    message: ok ? "OK" : `demo: ${KIND_TEXTS[kind].title.en}`,
    hint: kindHints(kind),
    requestId: null,
    processingMs: null,
    timings: ok
      ? { dnsMs: proxy === "direct" ? 2 : null, connectMs: 12, tunnelMs: tunnel, tlsMs: 45, ttfbMs: totalMs - 70 - (tunnel ?? 0), totalMs }
      : { dnsMs: null, connectMs: null, tunnelMs: null, tlsMs: null, ttfbMs: null, totalMs },
    quota: ok
      ? { limitRequests: 5000, remainingRequests: 4990, resetRequestsMs: 12, limitTokens: 2_000_000, remainingTokens: 1_999_000, resetTokensMs: 30, retryAfterMs: null }
      : { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    usage: ok ? { promptTokens: 11, completionTokens: 1, totalTokens: 12 } : null,
    probe: "chat",
    route: proxy,
    startedAt: new Date(at).toISOString(),
    midStream: false,
    stream: null,
  };
}
