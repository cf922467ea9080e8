"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ProbeOutcome, type ProbeOutcomeLabels, type ProbeOutcomeView } from "./probe-outcome";

type ProbeRunResult = ProbeOutcomeView & { routeId: number };

export interface ProbeButtonLabels extends ProbeOutcomeLabels {
  idle: string;
  busy: string;
  okCount: string;
  failedCount: string;
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

  async function probe() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/probes", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(routeId === undefined ? {} : { routeId }),
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
          <ProbeOutcome key={result.routeId} result={result} lang={lang} labels={labels} testId="probe-result" />
        ))}
      </div>
    </div>
  );
}

