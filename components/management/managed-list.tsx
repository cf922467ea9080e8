"use client";

import { Fragment, useState, type ReactNode } from "react";
import { useApiForm } from "./use-api-form";

/**
 * A list of editable objects: rows, one row at a time turned into its form,
 * and an "add" form below (open at once when the list is empty).
 */
export function ManagedList<T extends { id: number }>({
  items,
  labels,
  renderRow,
  renderForm,
}: {
  items: T[];
  labels: { none: string; create: string };
  renderRow: (item: T, edit: () => void) => ReactNode;
  renderForm: (item: T | undefined, done: () => void) => ReactNode;
}) {
  const [editing, setEditing] = useState<number | "new" | null>(items.length === 0 ? "new" : null);
  const done = () => setEditing(null);
  return (
    <div>
      {items.length === 0 ? <p className="muted">{labels.none}</p> : null}
      <table className="data responsive">
        <tbody>
          {items.map((item) =>
            editing === item.id ? (
              <tr key={item.id}>
                <td colSpan={3}>{renderForm(item, done)}</td>
              </tr>
            ) : (
              <Fragment key={item.id}>{renderRow(item, () => setEditing(item.id))}</Fragment>
            ),
          )}
        </tbody>
      </table>
      <div style={{ marginTop: "1rem" }}>
        {editing === "new" ? (
          <div className="panel">{renderForm(undefined, done)}</div>
        ) : (
          <button className="button" type="button" onClick={() => setEditing("new")}>
            {labels.create}
          </button>
        )}
      </div>
    </div>
  );
}

/** A row's Edit and Delete (with a confirmation), or nothing for a read-only object. */
export function RowActions({ readOnly, deleteUrl, onEdit, labels }: { readOnly: boolean; deleteUrl: string; onEdit: () => void; labels: { edit: string; remove: string; confirmRemove: string } }) {
  const { send, busy, formError } = useApiForm();
  return (
    <td style={{ whiteSpace: "nowrap" }}>
      {readOnly ? null : (
        <span className="row">
          <button className="button secondary" type="button" onClick={onEdit}>
            {labels.edit}
          </button>
          <button className="button danger" type="button" disabled={busy} onClick={() => window.confirm(labels.confirmRemove) && send("DELETE", deleteUrl)}>
            {labels.remove}
          </button>
        </span>
      )}
      {formError ? <div className="field-error">{formError}</div> : null}
    </td>
  );
}

/** Why a read-only row cannot be changed here: it is the file's, or a built-in default. */
export function sourceLabel(source: string, labels: { fromFile: string; builtIn: string }): string {
  return source === "builtin" ? labels.builtIn : labels.fromFile;
}
