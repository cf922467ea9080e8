"use client";

import { useState } from "react";
import type { MaintenanceView } from "@/lib/maintenance/maintenance-windows";
import { Field } from "../management/field";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";

type Labels = { patterns: string; starts: string; ends: string; note: string; noWindows: string; addWindow: string; remove: string; fromFile: string };

/** Maintenance windows: the file's (read-only) and the UI's, which can be added and deleted. */
export function MaintenanceManager({ windows, labels }: { windows: MaintenanceView[]; labels: Labels }) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const [values, setValues] = useState({ routes: "", from: "", to: "", note: "" });
  const set = (field: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [field]: event.target.value });
  // datetime-local has no zone: the fields are read as UTC, as labelled.
  const utc = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}Z` : "");
  async function add(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      routes: values.routes.split(",").map((pattern) => pattern.trim()).filter(Boolean),
      from: utc(values.from),
      to: utc(values.to),
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
    };
    if (await send("POST", "/api/maintenance", body)) setValues({ routes: "", from: "", to: "", note: "" });
  }
  return (
    <div>
      {windows.length === 0 ? <p className="muted">{labels.noWindows}</p> : null}
      {windows.length ? (
        <table className="data responsive" data-testid="maintenance-windows">
          <tbody>
            {windows.map((window) => (
              <tr key={`${window.source}-${window.id ?? window.from}-${window.routes.join(",")}`}>
                <td className="mono small">{window.routes.join(", ")}</td>
                <td className="mono small">
                  {window.from.slice(0, 16).replace("T", " ")} → {window.to.slice(0, 16).replace("T", " ")} UTC
                </td>
                <td className="small">{window.note ?? ""}</td>
                <td>
                  {window.source === "file" || window.id === null ? (
                    <span className="muted small">{labels.fromFile}</span>
                  ) : (
                    <button className="button danger" type="button" disabled={busy} onClick={() => send("DELETE", `/api/maintenance/${window.id}`)}>
                      {labels.remove}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="stack panel" style={{ marginTop: "1rem" }} onSubmit={add} noValidate>
        <Field id="window-routes" label={labels.patterns} error={fieldErrors.routes}>
          {(props) => <input {...props} className="mono" value={values.routes} onChange={set("routes")} placeholder="clash/*" />}
        </Field>
        <Field id="window-from" label={labels.starts} error={fieldErrors.from}>
          {(props) => <input {...props} type="datetime-local" value={values.from} onChange={set("from")} />}
        </Field>
        <Field id="window-to" label={labels.ends} error={fieldErrors.to}>
          {(props) => <input {...props} type="datetime-local" value={values.to} onChange={set("to")} />}
        </Field>
        <Field id="window-note" label={labels.note} error={fieldErrors.note}>
          {(props) => <input {...props} value={values.note} onChange={set("note")} maxLength={200} />}
        </Field>
        <FormError message={formError} />
        <div>
          <button className="button" type="submit" disabled={busy}>
            {labels.addWindow}
          </button>
        </div>
      </form>
    </div>
  );
}
