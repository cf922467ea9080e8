"use client";

import { useEffect, useState } from "react";
import type { MaintenanceView } from "@/lib/maintenance/maintenance-windows";
import type { Repeat } from "@/lib/maintenance/recurrence";
import { WEEKDAYS, type Weekday } from "@/lib/maintenance/weekdays";
import { Field } from "../management/field";
import { useApiForm, type FieldErrors } from "../management/use-api-form";
import { FormError } from "../management/form-error";

type Labels = { patterns: string; starts: string; ends: string; note: string; noWindows: string; addWindow: string; remove: string; fromFile: string };
export type RepeatLabels = {
  repeat: string;
  once: string;
  daily: string;
  weekly: string;
  monthly: string;
  days: string;
  monthDays: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  timeZoneHelp: string;
  weekdays: Record<Weekday, string>;
  next: string;
  startRequired: string;
  endRequired: string;
  endAfterStart: string;
  routesRequired: string;
  daysRequired: string;
  monthDaysInvalid: string;
};

type Mode = "once" | "daily" | "weekly" | "monthly";
const EMPTY = { routes: "", from: "", to: "", note: "", mode: "once" as Mode, days: [] as Weekday[], monthDays: "", start: "", end: "", timeZone: "" };

/** The browser's own zone, the likeliest one meant. */
function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** "Every week: Sun 02:00–03:00 (Asia/Shanghai)". */
export function describeRepeat(repeat: Repeat, labels: RepeatLabels): string {
  const when = repeat.daily
    ? labels.daily
    : repeat.weekly
      ? `${labels.weekly}: ${repeat.weekly.map((day) => labels.weekdays[day]).join(", ")}`
      : `${labels.monthly}: ${(repeat.monthly ?? []).join(", ")}`;
  const end = repeat.end ?? `+${repeat.durationMinutes} min`;
  return `${when} ${repeat.start}–${end} (${repeat.timeZone})`;
}

/** Maintenance windows: the file's (read-only) and the UI's, which can be added (once or recurring) and deleted. */
export function MaintenanceManager({ windows, labels, repeatLabels }: { windows: MaintenanceView[]; labels: Labels; repeatLabels: RepeatLabels }) {
  const { send, busy, fieldErrors, formError, setFieldErrors } = useApiForm();
  const [values, setValues] = useState(EMPTY);
  const set = (field: "routes" | "from" | "to" | "note" | "monthDays" | "start" | "end" | "timeZone") => (event: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [field]: event.target.value });
  // datetime-local has no zone: the fields are read as UTC, as labelled.
  const utc = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}Z` : "");
  // The browser's zone is known only in the browser: read after hydration, so the server's rendering matches.
  const [defaultZone, setDefaultZone] = useState("UTC");
  useEffect(() => setDefaultZone(browserZone()), []);
  const zone = values.timeZone || defaultZone;

  /** Each field's own message, before anything is sent (a date picker's empty value is "required", not a format). */
  function check(): FieldErrors {
    const errors: FieldErrors = {};
    if (!values.routes.trim()) errors.routes = repeatLabels.routesRequired;
    if (values.mode === "once") {
      if (!values.from) errors.from = repeatLabels.startRequired;
      if (!values.to) errors.to = repeatLabels.endRequired;
      else if (values.from && Date.parse(utc(values.to)) <= Date.parse(utc(values.from))) errors.to = repeatLabels.endAfterStart;
      return errors;
    }
    if (values.mode === "weekly" && values.days.length === 0) errors.repeat = repeatLabels.daysRequired;
    if (values.mode === "monthly" && !/^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$/.test(values.monthDays)) errors.repeat = repeatLabels.monthDaysInvalid;
    if (!values.start) errors.start = repeatLabels.startRequired;
    if (!values.end) errors.end = repeatLabels.endRequired;
    return errors;
  }

  function body(): unknown {
    const common = { routes: values.routes.split(",").map((pattern) => pattern.trim()).filter(Boolean), ...(values.note.trim() ? { note: values.note.trim() } : {}) };
    if (values.mode === "once") return { ...common, from: utc(values.from), to: utc(values.to) };
    const days =
      values.mode === "daily" ? { daily: true } : values.mode === "weekly" ? { weekly: values.days } : { monthly: values.monthDays.split(",").map((day) => Number(day.trim())) };
    return { ...common, repeat: { ...days, start: values.start, end: values.end, timeZone: zone } };
  }

  async function add(event: React.FormEvent) {
    event.preventDefault();
    const errors = check();
    if (Object.keys(errors).length) {
      setFieldErrors(errors);
      return;
    }
    if (await send("POST", "/api/maintenance", body())) setValues(EMPTY);
  }
  const toggleDay = (day: Weekday) => setValues({ ...values, days: values.days.includes(day) ? values.days.filter((d) => d !== day) : [...values.days, day] });
  // The server names a rule's fields "repeat.start" etc.; the form shows them by their own inputs.
  const repeatError = fieldErrors.repeat;
  return (
    <div>
      {windows.length === 0 ? <p className="muted">{labels.noWindows}</p> : null}
      {windows.length ? (
        <table className="data responsive" data-testid="maintenance-windows">
          <tbody>
            {windows.map((window) => (
              <tr key={`${window.source}-${window.id ?? window.from}-${window.routes.join(",")}`}>
                <td className="mono small">{window.routes.join(", ")}</td>
                <td className="mono small" data-testid="maintenance-when">
                  {window.repeat ? (
                    <>
                      {describeRepeat(window.repeat, repeatLabels)}
                      <br />
                      <span className="muted">{repeatLabels.next}: </span>
                    </>
                  ) : null}
                  {window.from && window.to ? `${window.from.slice(0, 16).replace("T", " ")} → ${window.to.slice(0, 16).replace("T", " ")} UTC` : "–"}
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
      <form className="stack panel" style={{ marginTop: "1rem" }} onSubmit={add} noValidate data-testid="maintenance-form">
        <Field id="window-routes" label={labels.patterns} error={fieldErrors.routes}>
          {(props) => <input {...props} className="mono" value={values.routes} onChange={set("routes")} placeholder="clash/*" />}
        </Field>
        <Field id="window-mode" label={repeatLabels.repeat} error={repeatError}>
          {(props) => (
            <select {...props} value={values.mode} onChange={(event) => setValues({ ...values, mode: event.target.value as Mode })}>
              {(["once", "daily", "weekly", "monthly"] as const).map((mode) => (
                <option key={mode} value={mode}>
                  {repeatLabels[mode]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.mode === "once" ? (
          <>
            <Field id="window-from" label={labels.starts} error={fieldErrors.from}>
              {(props) => <input {...props} type="datetime-local" value={values.from} onChange={set("from")} />}
            </Field>
            <Field id="window-to" label={labels.ends} error={fieldErrors.to}>
              {(props) => <input {...props} type="datetime-local" value={values.to} onChange={set("to")} />}
            </Field>
          </>
        ) : (
          <>
            {values.mode === "weekly" ? (
              <fieldset className="row" aria-label={repeatLabels.days}>
                <legend className="small">{repeatLabels.days}</legend>
                {WEEKDAYS.map((day) => (
                  <label key={day} className="row small">
                    <input type="checkbox" checked={values.days.includes(day)} onChange={() => toggleDay(day)} data-testid={`window-day-${day}`} />
                    {repeatLabels.weekdays[day]}
                  </label>
                ))}
              </fieldset>
            ) : null}
            {values.mode === "monthly" ? (
              <Field id="window-month-days" label={repeatLabels.monthDays}>
                {(props) => <input {...props} className="mono" inputMode="numeric" value={values.monthDays} onChange={set("monthDays")} placeholder="1, 15" />}
              </Field>
            ) : null}
            <Field id="window-start" label={repeatLabels.startTime} error={fieldErrors.start}>
              {(props) => <input {...props} type="time" value={values.start} onChange={set("start")} />}
            </Field>
            <Field id="window-end" label={repeatLabels.endTime} error={fieldErrors.end}>
              {(props) => <input {...props} type="time" value={values.end} onChange={set("end")} />}
            </Field>
            <Field id="window-zone" label={repeatLabels.timeZone} help={repeatLabels.timeZoneHelp} error={fieldErrors.timeZone}>
              {(props) => <input {...props} className="mono" value={values.timeZone} onChange={set("timeZone")} placeholder={zone} />}
            </Field>
          </>
        )}
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
