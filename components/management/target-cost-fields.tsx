"use client";

import { CheckboxField, Field } from "./field";

export interface ProbeCostLabels {
  paidProbeEvery: string;
  paidProbeEveryHelp: string;
  manualOnly: string;
  paidEvery: string;
  manualOnlyBadge: string;
  manualOnlyHint: string;
}

/** The target form's cost controls: how often scheduled rounds use the paid kind, and whether the schedule probes at all. */
export function TargetCostFields({
  prefix,
  paidProbeEvery,
  manualOnly,
  error,
  labels,
  onPaidProbeEvery,
  onManualOnly,
}: {
  prefix: string;
  paidProbeEvery: string;
  manualOnly: boolean;
  error: string | undefined;
  labels: ProbeCostLabels;
  onPaidProbeEvery: (value: string) => void;
  onManualOnly: (value: boolean) => void;
}) {
  return (
    <>
      <Field id={`${prefix}-paidProbeEvery`} label={labels.paidProbeEvery} help={labels.paidProbeEveryHelp} {...(error ? { error } : {})}>
        {(props) => <input {...props} name="paidProbeEvery" type="number" inputMode="numeric" min={1} step={1} value={paidProbeEvery} onChange={(event) => onPaidProbeEvery(event.target.value)} />}
      </Field>
      <CheckboxField id={`${prefix}-manualOnly`} label={labels.manualOnly} checked={manualOnly} onChange={onManualOnly} />
    </>
  );
}

/** What the target's row says about its cost controls (nothing when they are the defaults). */
export function TargetCostBadges({ paidProbeEvery, manualOnly, labels }: { paidProbeEvery: number; manualOnly: boolean; labels: ProbeCostLabels }) {
  return (
    <>
      {manualOnly ? (
        <span className="state state-unknown" data-testid="target-manual-only" title={labels.manualOnlyHint}>
          {labels.manualOnlyBadge}
        </span>
      ) : null}
      {paidProbeEvery > 1 ? <span data-testid="target-paid-every"> · {labels.paidEvery.replace("{n}", String(paidProbeEvery))}</span> : null}
    </>
  );
}

/** The number typed, or the text itself when it is not one (the API then says what is wrong); empty means 1. */
export function paidProbeEveryValue(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === "") return 1;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}
