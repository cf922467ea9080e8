"use client";

import { useState } from "react";
import type { AlertRules } from "@/lib/config/config-schema";
import { Field } from "../management/field";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";
import { SaveRow } from "@/components/management/save-row";

const FIELDS = ["downAfterFailures", "upAfterSuccesses", "cooldownMinutes", "quotaWarnPercent", "degradedAfterMinutes"] as const;

/** The alert rules, editable unless proxypulse.yaml sets them. */
export function AlertRulesForm({ rules, readOnly, labels }: { rules: AlertRules; readOnly: boolean; labels: Record<(typeof FIELDS)[number] | "rulesFromFile", string> & { save: string; saved: string } }) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const [values, setValues] = useState(Object.fromEntries(FIELDS.map((field) => [field, String(rules[field])])));
  const [saved, setSaved] = useState(false);
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = Object.fromEntries(FIELDS.map((field) => [field, Number(values[field])]));
    if (await send("PUT", "/api/settings/alerts", body)) setSaved(true);
  }
  return (
    <form className="stack panel" onSubmit={save} noValidate data-testid="alert-rules">
      {readOnly ? <p className="muted small">{labels.rulesFromFile}</p> : null}
      {FIELDS.map((field) => (
        <Field key={field} id={`rule-${field}`} label={labels[field]} error={fieldErrors[field]}>
          {(props) => <input {...props} type="number" step="any" value={values[field]} disabled={readOnly} onChange={(event) => setValues({ ...values, [field]: event.target.value })} />}
        </Field>
      ))}
      <FormError message={formError} />
      {readOnly ? null : (
        <SaveRow busy={busy} saved={saved} labels={labels} />
      )}
    </form>
  );
}
