"use client";

import { useState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import type { PresentedLocation } from "@/lib/locations/present-location";
import { Field } from "../management/field";
import { FormError } from "../management/form-error";
import { useApiForm } from "../management/use-api-form";
import type { IssuedToken } from "./token-panel";

const FIELDS = ["name", "region"] as const;

/** Adds an agent's location (its token comes back once), or renames one (the hub's included). */
export function LocationForm({ location, labels, onDone, onToken }: { location?: PresentedLocation; labels: Messages["locations"]; onDone: () => void; onToken: (issued: IssuedToken) => void }) {
  const { send, busy, fieldErrors, formError, clearField } = useApiForm({ fields: FIELDS });
  const [name, setName] = useState(location?.name ?? "");
  const [region, setRegion] = useState(location?.region ?? "");
  const prefix = location ? `location-${location.id}` : "location-new";

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (location) {
      if (await send("PATCH", `/api/locations/${location.id}`, { name, region: region.trim() === "" ? null : region })) onDone();
      return;
    }
    const created = (await send("POST", "/api/locations", { name, ...(region.trim() === "" ? {} : { region }) })) as IssuedToken | null;
    if (created) {
      onToken({ name: created.name, token: created.token });
      onDone();
    }
  }

  return (
    <form className="stack" onSubmit={save} noValidate>
      <Field id={`${prefix}-name`} label={labels.name} help={labels.nameHelp} error={fieldErrors.name}>
        {(props) => (
          <input
            {...props}
            name="name"
            className="mono"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              clearField("name");
            }}
            placeholder="hk-vps"
            required
          />
        )}
      </Field>
      <Field id={`${prefix}-region`} label={labels.region} help={labels.regionHelp} error={fieldErrors.region}>
        {(props) => (
          <input
            {...props}
            name="region"
            value={region}
            onChange={(event) => {
              setRegion(event.target.value);
              clearField("region");
            }}
          />
        )}
      </Field>
      <FormError message={formError} />
      <div className="row">
        <button className="button" type="submit" disabled={busy}>
          {location ? labels.save : labels.create}
        </button>
        <button className="link-button" type="button" onClick={onDone}>
          {labels.cancel}
        </button>
      </div>
    </form>
  );
}
