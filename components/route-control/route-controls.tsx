"use client";

import { useState } from "react";
import type { PauseCause } from "@/lib/monitoring/apply-pauses";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";
import { PauseButton } from "./pause-button";
import { toNumber } from "./threshold-form";

export interface RouteControlLabels {
  pause: string;
  resume: string;
  pausing: string;
  pausedBy: Record<PauseCause, string>;
  pausedHelp: string;
  settings: string;
  interval: string;
  intervalHelp: string;
  threshold: string;
  thresholdHelp: string;
  window: string;
  windowHelp: string;
  none: string;
  save: string;
  saved: string;
}

/**
 * A route's pause switch (with who paused it, when it is its proxy or its
 * target) and its own interval, latency threshold and window; empty fields
 * fall back to the target's.
 */
export function RouteControls({
  routeId,
  enabled,
  pausedBy,
  proxyName,
  targetName,
  overrides,
  inherited,
  labels,
}: {
  routeId: number;
  enabled: boolean;
  pausedBy: PauseCause[];
  proxyName: string;
  targetName: string;
  overrides: { intervalSeconds: number | null; latencyThresholdMs: number | null; latencyWindow: number | null };
  inherited: { intervalSeconds: number; latencyThresholdMs: number | null; latencyWindow: number };
  labels: RouteControlLabels;
}) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const [interval, setInterval] = useState(overrides.intervalSeconds === null ? "" : String(overrides.intervalSeconds));
  const [threshold, setThreshold] = useState(overrides.latencyThresholdMs === null ? "" : String(overrides.latencyThresholdMs));
  const [size, setSize] = useState(overrides.latencyWindow === null ? "" : String(overrides.latencyWindow));
  const [saved, setSaved] = useState(false);
  /** A field's error from the API's 400, shown under the field it names. */
  const errorOf = (field: string) => (fieldErrors[field] ? <span className="field-error" role="alert">{fieldErrors[field]}</span> : null);
  const named = (cause: PauseCause) => labels.pausedBy[cause].replace("{name}", cause.startsWith("proxy") ? proxyName : targetName);
  return (
    <section className="panel" data-testid="route-controls">
      <div className="row">
        <PauseButton url={`/api/routes/${routeId}`} enabled={enabled} testId="pause-route" labels={labels} />
        {pausedBy.length ? (
          <span className="small" data-testid="paused-by">
            {pausedBy.map(named).join(" ")}
          </span>
        ) : null}
      </div>
      {pausedBy.length ? <p className="small muted">{labels.pausedHelp}</p> : null}
      <details>
        <summary>{labels.settings}</summary>
        <form
          className="row small"
          onSubmit={async (event) => {
            event.preventDefault();
            setSaved(false);
            const ok = await send("PATCH", `/api/routes/${routeId}`, { intervalSeconds: toNumber(interval), latencyThresholdMs: toNumber(threshold), latencyWindow: toNumber(size) });
            setSaved(ok !== null);
          }}
        >
          <label>
            {labels.interval} <input name="intervalSeconds" inputMode="numeric" size={6} value={interval} onChange={(event) => setInterval(event.target.value)} aria-invalid={fieldErrors.intervalSeconds ? true : undefined} />
            <span className="field-help">{labels.intervalHelp.replace("{value}", String(inherited.intervalSeconds))}</span>
            {errorOf("intervalSeconds")}
          </label>
          <label>
            {labels.threshold} <input name="latencyThresholdMs" inputMode="numeric" size={6} value={threshold} onChange={(event) => setThreshold(event.target.value)} aria-invalid={fieldErrors.latencyThresholdMs ? true : undefined} />
            <span className="field-help">{labels.thresholdHelp.replace("{value}", inherited.latencyThresholdMs === null ? labels.none : String(inherited.latencyThresholdMs))}</span>
            {errorOf("latencyThresholdMs")}
          </label>
          <label>
            {labels.window} <input name="latencyWindow" inputMode="numeric" size={4} value={size} onChange={(event) => setSize(event.target.value)} aria-invalid={fieldErrors.latencyWindow ? true : undefined} />
            <span className="field-help">{labels.windowHelp.replace("{value}", String(inherited.latencyWindow))}</span>
            {errorOf("latencyWindow")}
          </label>
          <button className="button secondary" type="submit" disabled={busy}>
            {labels.save}
          </button>
          {saved ? <span className="small">{labels.saved}</span> : null}
          <FormError message={formError} />
        </form>
      </details>
    </section>
  );
}
