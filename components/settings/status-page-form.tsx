"use client";

import { useState } from "react";
import type { StatusPageOptions } from "@/lib/settings/status-page-options";
import { Field } from "../management/field";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";
import { SaveRow } from "@/components/management/save-row";

const FIELDS = ["title", "logoUrl", "description", "homeUrl"] as const;
type Labels = { statusPageHelp: string; pageTitle: string; logoUrl: string; description: string; homeUrl: string; statusPageFromFile: string; save: string; saved: string };

/** The public status page's title, logo, description and link back; read-only when proxypulse.yaml sets them. */
export function StatusPageForm({ options, readOnly, labels }: { options: StatusPageOptions; readOnly: boolean; labels: Labels }) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const [values, setValues] = useState<Record<(typeof FIELDS)[number], string>>({ title: options.title ?? "", logoUrl: options.logoUrl ?? "", description: options.description ?? "", homeUrl: options.homeUrl ?? "" });
  const [saved, setSaved] = useState(false);
  const set = (field: (typeof FIELDS)[number]) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues({ ...values, [field]: event.target.value });
  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (await send("PUT", "/api/settings/status-page", values)) setSaved(true);
  }
  const label = { title: labels.pageTitle, logoUrl: labels.logoUrl, description: labels.description, homeUrl: labels.homeUrl };
  return (
    <form className="stack panel" onSubmit={save} noValidate data-testid="status-page-options">
      <p className="muted small">{readOnly ? labels.statusPageFromFile : labels.statusPageHelp}</p>
      {FIELDS.map((field) => (
        <Field key={field} id={`status-${field}`} label={label[field]} error={fieldErrors[field]}>
          {(props) =>
            field === "description" ? (
              <textarea {...props} rows={3} maxLength={1000} value={values[field]} disabled={readOnly} onChange={set(field)} />
            ) : (
              <input {...props} className={field === "title" ? undefined : "mono"} type={field === "homeUrl" ? "url" : "text"} value={values[field]} disabled={readOnly} onChange={set(field)} placeholder={field === "logoUrl" ? "https://…/logo.png" : field === "homeUrl" ? "https://…" : undefined} />
            )
          }
        </Field>
      ))}
      <FormError message={formError} />
      {readOnly ? null : (
        <SaveRow busy={busy} saved={saved} labels={labels} />
      )}
    </form>
  );
}
