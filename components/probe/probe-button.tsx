"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

interface ProbeOutcome {
  routeId: number;
  ok: boolean;
  kind: string;
  httpStatus: number | null;
  message: string;
  hint: { en: string; zh: string };
  timings: { dnsMs: number | null; connectMs: number | null; tunnelMs: number | null; tlsMs: number | null; ttfbMs: number | null; totalMs: number | null };
}

export interface ProbeButtonLabels {
  idle: string;
  busy: string;
  timings: string;
  total: string;
  okCount: string;
  failedCount: string;
  kindTitles: Record<string, string>;
}

/**
 * Runs a probe on the server (one route, or all), shows progress while it
 * runs and the outcome inline, then refreshes the page's data.
 */
export function ProbeButton({ routeId, labels, lang }: { routeId?: number; labels: ProbeButtonLabels; lang: "en" | "zh" }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ProbeOutcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function probe() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/probes", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(routeId === undefined ? {} : { routeId }),
      });
      const body = (await response.json()) as { results?: ProbeOutcome[]; error?: { message: string } };
      if (!response.ok) {
        setError(body.error?.message ?? `HTTP ${response.status}`);
        return;
      }
      setResults(body.results ?? []);
      router.refresh();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  const shown = routeId === undefined ? (results ?? []).filter((result) => !result.ok) : (results ?? []);
  return (
    <div className="probe" data-testid={routeId === undefined ? "probe-all" : `probe-${routeId}`}>
      <button className={`button${routeId === undefined ? "" : " secondary"}`} type="button" onClick={probe} disabled={busy} aria-busy={busy}>
        {busy ? labels.busy : labels.idle}
      </button>
      <div aria-live="polite">
        {error ? (
          <p className="result failed error-text" role="alert">
            {error}
          </p>
        ) : null}
        {results && routeId === undefined ? (
          <p className="result small">
            {results.filter((result) => result.ok).length} {labels.okCount} · {results.filter((result) => !result.ok).length} {labels.failedCount}
          </p>
        ) : null}
        {shown.map((result) => (
          <div key={result.routeId} className={`result ${result.ok ? "ok" : "failed"}`} data-testid="probe-result">
            <strong>{labels.kindTitles[result.kind] ?? result.kind}</strong> <span className="kind">{result.kind}</span>
            {result.httpStatus ? <span className="muted"> · HTTP {result.httpStatus}</span> : null}
            <div className="small mono">
              {labels.timings}: {timing("dns", result.timings.dnsMs)} {timing("connect", result.timings.connectMs)} {timing("tunnel", result.timings.tunnelMs)}{" "}
              {timing("tls", result.timings.tlsMs)} {timing("ttfb", result.timings.ttfbMs)} · {labels.total} {timing("", result.timings.totalMs)}
            </div>
            {!result.ok ? (
              <>
                <div className="small">{result.message}</div>
                <div className="hint">{result.hint[lang]}</div>
              </>
            ) : null}
          </div>
        ))}
      </div>
    </div>
  );
}

function timing(label: string, ms: number | null): string {
  if (ms === null) return label ? `${label} –` : "–";
  return `${label ? `${label} ` : ""}${ms.toFixed(0)} ms`;
}
