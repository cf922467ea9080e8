"use client";

export interface TestOutcome {
  ok: boolean;
  kind: string;
  httpStatus: number | null;
  message: string;
  hint: { en: string; zh: string };
  timings: { totalMs: number | null };
  route: string;
}

/** The outcome of "test before saving", inline. */
export function TestResult({ result, lang, kindTitles }: { result: TestOutcome; lang: "en" | "zh"; kindTitles: Record<string, string> }) {
  return (
    <div className={`result ${result.ok ? "ok" : "failed"}`} data-testid="test-result" aria-live="polite">
      <strong>{kindTitles[result.kind] ?? result.kind}</strong> <span className="kind">{result.kind}</span>
      {result.httpStatus ? <span className="muted"> · HTTP {result.httpStatus}</span> : null}
      {result.timings.totalMs !== null ? <span className="muted"> · {Math.round(result.timings.totalMs)} ms</span> : null}
      <div className="small muted">{result.route}</div>
      {!result.ok ? (
        <>
          <div className="small">{result.message}</div>
          <div className="hint">{result.hint[lang]}</div>
        </>
      ) : null}
    </div>
  );
}
