"use client";

export interface ProbeOutcomeView {
  ok: boolean;
  kind: string;
  httpStatus: number | null;
  message: string;
  hint: { en: string; zh: string };
  timings: { dnsMs: number | null; connectMs: number | null; tunnelMs: number | null; tlsMs: number | null; ttfbMs: number | null; totalMs: number | null };
  route?: string;
  /** What a streaming kind measured (absent or null for other kinds). */
  stream?: { ttftMs: number | null; streamMs: number | null; chunks: number; tokensPerSecond: number | null } | null;
  midStream?: boolean;
}

export interface ProbeOutcomeLabels {
  kindTitles: Record<string, string>;
  timings: string;
  total: string;
}

/** One probe's outcome inline: its kind, HTTP status, phase timings, and (when it failed) what happened and what to do. */
export function ProbeOutcome({ result, lang, labels, testId, showRoute = false, routeName }: { result: ProbeOutcomeView; lang: "en" | "zh"; labels: ProbeOutcomeLabels; testId: string; showRoute?: boolean; routeName?: string }) {
  const t = result.timings;
  return (
    <div className={`result ${result.ok ? "ok" : "failed"}`} data-testid={testId}>
      {routeName ? (
        <div className="result-route" data-testid="probe-result-route">
          {routeName}
        </div>
      ) : null}
      <strong>{labels.kindTitles[result.kind] ?? result.kind}</strong> <span className="kind">{result.kind}</span>
      {result.httpStatus ? <span className="muted"> · HTTP {result.httpStatus}</span> : null}
      {showRoute && result.route ? <div className="small muted">{result.route}</div> : null}
      <div className="small mono">
        {labels.timings}: {timing("dns", t.dnsMs)} {timing("connect", t.connectMs)} {timing("tunnel", t.tunnelMs)} {timing("tls", t.tlsMs)} {timing("ttfb", t.ttfbMs)} ·{" "}
        {labels.total} {timing("", t.totalMs)}
      </div>
      {result.stream ? (
        <div className="small mono" data-testid="probe-stream">
          stream: {timing("ttft", result.stream.ttftMs)} · {result.stream.chunks} chunks {timing("in", result.stream.streamMs)}
          {result.stream.tokensPerSecond !== null ? ` · ${result.stream.tokensPerSecond} tokens/s` : ""}
          {result.midStream ? " · mid-stream error" : ""}
        </div>
      ) : null}
      {!result.ok ? (
        <>
          <div className="small">{result.message}</div>
          <div className="hint">{result.hint[lang]}</div>
        </>
      ) : null}
    </div>
  );
}

function timing(label: string, ms: number | null): string {
  if (ms === null) return label ? `${label} –` : "–";
  return `${label ? `${label} ` : ""}${ms.toFixed(0)} ms`;
}
