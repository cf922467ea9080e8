"use client";

import type { Messages } from "@/lib/i18n/messages";

/** The locations a form may choose from, and their words; absent or one location: no choice to make. */
export interface LocationChoices {
  names: string[];
  labels: Messages["locations"];
}

/** Whether a form has a choice of locations to offer (more than the hub alone). */
export function offersLocations(choices: LocationChoices | undefined): choices is LocationChoices {
  return choices !== undefined && choices.names.length > 1;
}

/**
 * Where a target's or proxy's routes are probed from: every location (null,
 * also the ones added later) or the ones ticked.
 */
export function LocationPicker({ id, choices, value, onChange }: { id: string; choices: LocationChoices; value: string[] | null; onChange: (value: string[] | null) => void }) {
  const { names, labels } = choices;
  const every = value === null;
  const toggle = (name: string, on: boolean) => onChange(names.filter((other) => (other === name ? on : (value ?? []).includes(other))));
  return (
    <fieldset className="stack" data-testid={`${id}-locations`}>
      <legend>{labels.pickerTitle}</legend>
      <label htmlFor={`${id}-every`} className="checkbox-field">
        <input id={`${id}-every`} type="checkbox" checked={every} onChange={(event) => onChange(event.target.checked ? null : names)} />
        <span>{labels.pickerEvery}</span>
      </label>
      {every
        ? null
        : names.map((name) => (
            <label key={name} htmlFor={`${id}-at-${name}`} className="checkbox-field">
              <input id={`${id}-at-${name}`} type="checkbox" checked={(value ?? []).includes(name)} onChange={(event) => toggle(name, event.target.checked)} />
              <span className="mono">{name}</span>
            </label>
          ))}
    </fieldset>
  );
}

/**
 * `{ locations }` for a save's body when the choice changed, else nothing:
 * an untouched list is not sent again (it may name a location revoked since,
 * which the API would refuse).
 */
export function changedLocations(choices: LocationChoices | undefined, saved: string[] | null, chosen: string[] | null): { locations?: string[] | null } {
  return offersLocations(choices) && JSON.stringify(saved) !== JSON.stringify(chosen) ? { locations: chosen } : {};
}
