"use client";

import { useState } from "react";
import { useApiForm } from "../management/use-api-form";

/** An admin's short public note on an incident (shown on the status page). */
export function IncidentNote({ id, note, labels }: { id: number; note: string | null; labels: { note: string; saveNote: string } }) {
  const { send, busy, formError } = useApiForm();
  const [value, setValue] = useState(note ?? "");
  return (
    <form
      className="row"
      onSubmit={async (event) => {
        event.preventDefault();
        await send("PATCH", `/api/incidents/${id}`, { note: value.trim() || null });
      }}
    >
      <label className="small">
        <span className="visually-hidden">{labels.note}</span>
        <input value={value} maxLength={500} placeholder={labels.note} onChange={(event) => setValue(event.target.value)} style={{ minWidth: "18rem" }} />
      </label>
      <button className="button secondary" type="submit" disabled={busy}>
        {labels.saveNote}
      </button>
      {formError ? <span className="field-error">{formError}</span> : null}
    </form>
  );
}
