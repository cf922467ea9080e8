import { KIND_TEXTS } from "../lib/i18n/kind-texts";
import { reachesApi } from "../lib/doctor/diagnose";
import type { ProbeResult } from "../lib/probe/run-probe";
import type { StreamFacts } from "../lib/probe/stream-facts";
import type { ProbeTimings } from "../lib/probe/timings";
import { formatDuration } from "../lib/ui/format-time";
import type { Lang } from "./parse-options";

/** The CLI's JSON: the documented fields first, then the extras. */
export function toCliJson(result: ProbeResult, lang: Lang, withExit: boolean) {
  return {
    ok: result.ok,
    kind: result.kind,
    layer: result.layer,
    httpStatus: result.httpStatus,
    apiErrorCode: result.apiErrorCode,
    message: result.message,
    hint: result.hint[lang],
    requestId: result.requestId,
    timings: result.timings,
    quota: result.quota,
    ...(withExit && showsExit(result) ? { exit: result.exit ?? null } : {}),
    apiErrorType: result.apiErrorType,
    hints: result.hint,
    probe: result.probe,
    route: result.route,
    usage: result.usage,
    processingMs: result.processingMs,
    startedAt: result.startedAt,
    midStream: result.midStream,
    stream: result.stream,
    ...(result.errorChain ? { errorChain: result.errorChain } : {}),
  };
}

const LABELS = {
  en: { route: "route", stream: "stream", chunks: "chunks over", maxGap: "longest gap", timings: "timings", quota: "quota", usage: "usage", message: "message", hint: "hint", exit: "exit", requests: "requests", tokens: "tokens", reset: "reset", retryAfter: "retry after", none: "the host does not answer /cdn-cgi/trace" },
  zh: { route: "线路", stream: "流式", chunks: "个分块，历时", maxGap: "最长间隔", timings: "耗时", quota: "额度", usage: "用量", message: "信息", hint: "建议", exit: "出口", requests: "请求数", tokens: "token 数", reset: "重置", retryAfter: "重试等待", none: "该主机不支持 /cdn-cgi/trace" },
} as const;

export function formatProbeReport(result: ProbeResult, context: { baseUrl: string; model: string; lang: Lang }): string {
  const l = LABELS[context.lang];
  const title = KIND_TEXTS[result.kind].title[context.lang];
  const lines: string[] = [];
  const mark = result.ok ? "✔" : "✘";
  lines.push(`${mark} ${result.kind}${result.layer ? ` (${result.layer})` : ""}: ${title}`);
  lines.push(`  ${l.route.padEnd(8)} ${result.route} → ${context.baseUrl} (${result.probe}${result.probe === "models" ? "" : `, ${context.model}`})`);
  const facts = [
    result.httpStatus !== null ? `HTTP ${result.httpStatus}` : null,
    result.apiErrorCode ? `code ${result.apiErrorCode}` : null,
    result.requestId ? `request ${result.requestId}` : null,
  ].filter(Boolean);
  if (facts.length) lines.push(`  ${"".padEnd(8)} ${facts.join(" · ")}`);
  lines.push(`  ${l.timings.padEnd(8)} ${formatTimings(result.timings)}`);
  if (result.stream) lines.push(`  ${l.stream.padEnd(8)} ${formatStream(result.stream, l)}`);
  const quota = formatQuota(result, l, context.lang);
  if (quota) lines.push(`  ${l.quota.padEnd(8)} ${quota}`);
  if (result.usage) {
    lines.push(`  ${l.usage.padEnd(8)} ${result.usage.promptTokens ?? "?"} prompt + ${result.usage.completionTokens ?? "?"} completion = ${result.usage.totalTokens ?? "?"} tokens`);
  }
  if (showsExit(result)) {
    lines.push(`  ${l.exit.padEnd(8)} ${result.exit ? `${result.exit.ip} · ${result.exit.country ?? "?"} · ${result.exit.colo ?? "?"}` : l.none}`);
  }
  if (!result.ok) {
    lines.push(`  ${l.message.padEnd(8)} ${result.message}`);
    lines.push(`  ${l.hint.padEnd(8)} ${result.hint[context.lang]}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Whether the exit identity means anything: only when the route reached the
 * API. When the route itself failed, the trace either failed the same way or
 * went around the broken route, and saying "the host does not answer
 * /cdn-cgi/trace" would blame the wrong thing.
 */
function showsExit(result: ProbeResult): boolean {
  return result.exit !== undefined && reachesApi(result);
}

export function formatTimings(timings: ProbeTimings): string {
  const show = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)} ms`);
  return [
    `dns ${show(timings.dnsMs)}`,
    `connect ${show(timings.connectMs)}`,
    `tunnel ${show(timings.tunnelMs)}`,
    `tls ${show(timings.tlsMs)}`,
    `ttfb ${show(timings.ttfbMs)}`,
    `total ${show(timings.totalMs)}`,
  ].join(" · ");
}

function formatStream(stream: StreamFacts, l: (typeof LABELS)[Lang]): string {
  const ms = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)} ms`);
  return [
    `ttft ${ms(stream.ttftMs)}`,
    `${stream.chunks} ${l.chunks} ${ms(stream.streamMs)}`,
    `${l.maxGap} ${ms(stream.maxGapMs)}`,
    stream.tokensPerSecond === null ? null : `${stream.tokensPerSecond} tokens/s`,
  ]
    .filter(Boolean)
    .join(" · ");
}

function formatQuota(result: ProbeResult, l: (typeof LABELS)[Lang], lang: Lang): string | null {
  const q = result.quota;
  const parts: string[] = [];
  if (q.remainingRequests !== null || q.limitRequests !== null) {
    parts.push(`${l.requests} ${q.remainingRequests ?? "?"}/${q.limitRequests ?? "?"}${q.resetRequestsMs !== null ? ` (${l.reset} ${formatDuration(q.resetRequestsMs, lang)})` : ""}`);
  }
  if (q.remainingTokens !== null || q.limitTokens !== null) {
    parts.push(`${l.tokens} ${q.remainingTokens ?? "?"}/${q.limitTokens ?? "?"}${q.resetTokensMs !== null ? ` (${l.reset} ${formatDuration(q.resetTokensMs, lang)})` : ""}`);
  }
  if (q.retryAfterMs !== null) parts.push(`${l.retryAfter} ${formatDuration(q.retryAfterMs, lang)}`);
  return parts.length ? parts.join(" · ") : null;
}
