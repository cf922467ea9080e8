"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ProbeOutcome, type ProbeOutcomeLabels, type ProbeOutcomeView } from "./probe-outcome";

type ProbeRunResult = ProbeOutcomeView & { routeId: number; target?: string; proxy?: string };

export interface ProbeButtonLabels extends ProbeOutcomeLabels {
  idle: string;
  busy: string;
  okCount: string;
  failedCount: string;
  via: string;
}

/**
 * Runs a probe on the server (one route, or all), shows progress while it
 * runs and the outcome inline, then refreshes the page's data.
 */
export function ProbeButton({ routeId, labels, lang }: { routeId?: number; labels: ProbeButtonLabels; lang: "en" | "zh" }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<ProbeRunResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const all = routeId === undefined;

  async function probe() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/probes", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(all ? {} : { routeId }),
      });
      const body = (await response.json()) as { results?: ProbeRunResult[]; error?: { message: string } };
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

  // "Probe all" names each result's route, failures first.
  const shown = all ? [...(results ?? [])].sort((a, b) => Number(a.ok) - Number(b.ok)) : (results ?? []);
  const routeName = (result: ProbeRunResult) => (all ? (result.target && result.proxy ? `${result.target} ${labels.via} ${result.proxy}` : `#${result.routeId}`) : undefined);
  return (
    <div className={all ? "probe probe-all" : "probe"} data-testid={all ? "probe-all" : `probe-${routeId}`}>
      <button className={`button probe-button${all ? "" : " secondary"}`} type="button" onClick={probe} disabled={busy} aria-busy={busy}>
        {/* Both labels take the same cell, the idle one hidden while busy, so the button keeps its width and place. */}
        <span className="label-stack">
          <span className={busy ? "hidden-label" : undefined}>{labels.idle}</span>
          <span className={busy ? undefined : "hidden-label"}>{labels.busy}</span>
        </span>
      </button>
      <div className="probe-results" aria-live="polite">
        {error ? (
          <p className="result failed error-text" role="alert">
            {error}
          </p>
        ) : null}
        {results && all ? (
          <p className="result small">
            {results.filter((result) => result.ok).length} {labels.okCount} · {results.filter((result) => !result.ok).length} {labels.failedCount}
          </p>
        ) : null}
        {shown.map((result) => (
          <ProbeOutcome key={result.routeId} result={result} lang={lang} labels={labels} testId="probe-result" routeName={routeName(result)} />
        ))}
      </div>
    </div>
  );
}
