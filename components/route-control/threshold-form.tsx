"use client";

import { useState } from "react";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";

/** Empty clears (null); text that is not a number goes as typed, so the server's 400 names the field. */
export const toNumber = (text: string): number | string | null => (text.trim() === "" ? null : Number.isNaN(Number(text)) ? text : Number(text));

/** A target's latency threshold and window (PATCH; empty clears), or the file's values read-only. */
export function ThresholdForm({
  url,
  thresholdMs,
  window,
  readOnly,
  testId,
  labels,
}: {
  url: string;
  thresholdMs: number | null;
  window: number | null;
  readOnly: boolean;
  testId: string;
  labels: { threshold: string; window: string; save: string; none: string };
}) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const [threshold, setThreshold] = useState(thresholdMs === null ? "" : String(thresholdMs));
  const [size, setSize] = useState(window === null ? "" : String(window));
  if (readOnly) {
    return (
      <div className="small muted" data-testid={testId}>
        {labels.threshold}: {thresholdMs ?? labels.none}
        {thresholdMs !== null && window !== null ? ` · ${labels.window}: ${window}` : null}
      </div>
    );
  }
  return (
    <form
      className="row small"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        void send("PATCH", url, { latencyThresholdMs: toNumber(threshold), latencyWindow: toNumber(size) });
      }}
    >
      <label>
        {labels.threshold}{" "}
        <input name="latencyThresholdMs" inputMode="numeric" size={6} value={threshold} onChange={(event) => setThreshold(event.target.value)} aria-invalid={fieldErrors.latencyThresholdMs ? true : undefined} />
      </label>
      <label>
        {labels.window}{" "}
        <input name="latencyWindow" inputMode="numeric" size={4} value={size} onChange={(event) => setSize(event.target.value)} aria-invalid={fieldErrors.latencyWindow ? true : undefined} />
      </label>
      <button className="button secondary" type="submit" disabled={busy}>
        {labels.save}
      </button>
      <FormError message={formError ?? fieldErrors.latencyThresholdMs ?? fieldErrors.latencyWindow} />
    </form>
  );
}
