"use client";

import type { ReactNode } from "react";

/** A labelled input with its help and its error, tied together for screen readers. */
export function Field({ id, label, help, error, children }: { id: string; label: string; help?: string; error?: string; children: (props: { id: string; "aria-invalid"?: true; "aria-describedby": string }) => ReactNode }) {
  return (
    <label htmlFor={id}>
      {label}
      {children({ id, ...(error ? { "aria-invalid": true as const } : {}), "aria-describedby": `${id}-help ${id}-error` })}
      {help ? (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}

/**
 * A checkbox with its label beside it (not above it, as a stacked form's
 * labels are), the whole label clickable.
 */
export function CheckboxField({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label htmlFor={id} className="checkbox-field">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
