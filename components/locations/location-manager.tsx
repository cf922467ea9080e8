"use client";

import { Fragment, useEffect, useState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import type { PresentedLocation } from "@/lib/locations/present-location";
import { LocalTime } from "../time/local-time";
import { useApiForm } from "../management/use-api-form";
import { LocationForm } from "./location-form";
import { TokenPanel, type IssuedToken } from "./token-panel";

/**
 * The locations: the hub and its agents with how each is doing; add one
 * (its token shown once), make a new token, revoke, rename.
 */
export function LocationManager({ locations, publicUrl, labels }: { locations: PresentedLocation[]; publicUrl: string | null; labels: Messages["locations"] }) {
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  // The URL agents reach the hub by: the configured publicUrl, else the one this page was opened at.
  const [hubUrl, setHubUrl] = useState(publicUrl ?? "");
  useEffect(() => {
    if (!publicUrl) setHubUrl(window.location.origin);
  }, [publicUrl]);
  const done = () => setEditing(null);
  return (
    <div>
      <table className="data responsive" data-testid="location-table">
        <thead>
          <tr>
            <th scope="col">{labels.name}</th>
            <th scope="col">{labels.kind}</th>
            <th scope="col">{labels.status}</th>
            <th scope="col">{labels.lastSeen}</th>
            <th scope="col">{labels.version}</th>
            <th scope="col">{labels.spooled}</th>
            <th scope="col">{labels.routes}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {locations.map((location) =>
            editing === location.id ? (
              <tr key={location.id}>
                <td colSpan={8}>
                  <LocationForm location={location} labels={labels} onDone={done} onToken={setIssued} />
                </td>
              </tr>
            ) : (
              <Fragment key={location.id}>
                <LocationRow location={location} labels={labels} onEdit={() => setEditing(location.id)} onToken={setIssued} />
              </Fragment>
            ),
          )}
        </tbody>
      </table>
      {issued ? <TokenPanel issued={issued} hubUrl={hubUrl} labels={labels} onDone={() => setIssued(null)} /> : null}
      <div style={{ marginTop: "1rem" }}>
        {editing === "new" ? (
          <div className="panel">
            <LocationForm labels={labels} onDone={done} onToken={setIssued} />
          </div>
        ) : (
          <button className="button" type="button" onClick={() => setEditing("new")}>
            {labels.add}
          </button>
        )}
      </div>
    </div>
  );
}

function statusOf(location: PresentedLocation, labels: Messages["locations"]): string {
  if (location.kind === "local") return labels.online;
  if (location.revoked) return labels.revoked;
  if (!location.hasToken) return labels.noToken;
  if (!location.lastSeenAt) return labels.neverSeen;
  return location.online ? labels.online : labels.offline;
}

function LocationRow({ location, labels, onEdit, onToken }: { location: PresentedLocation; labels: Messages["locations"]; onEdit: () => void; onToken: (issued: IssuedToken) => void }) {
  const { send, busy, formError } = useApiForm();
  const agent = location.kind !== "local";
  async function rotate() {
    if (!window.confirm(labels.confirmRotate)) return;
    const rotated = (await send("POST", `/api/locations/${location.id}/token`)) as IssuedToken | null;
    if (rotated) onToken({ name: rotated.name, token: rotated.token });
  }
  return (
    <tr data-testid={`location-${location.name}`} className={location.revoked ? "muted" : undefined}>
      <td data-label={labels.name}>
        <strong className="mono">{location.name}</strong>
        {location.region ? <div className="small muted">{location.region}</div> : null}
        {location.readOnly ? <div className="small muted">{labels.fromFile}</div> : null}
      </td>
      <td data-label={labels.kind}>{agent ? labels.kindAgent : labels.kindLocal}</td>
      <td data-label={labels.status} data-testid="location-status">
        {statusOf(location, labels)}
      </td>
      <td data-label={labels.lastSeen}>{location.lastSeenAt ? <LocalTime iso={location.lastSeenAt} /> : <span className="muted">—</span>}</td>
      <td data-label={labels.version} className="mono small">
        {location.version ?? "—"}
      </td>
      <td data-label={labels.spooled}>{agent ? location.spooled : "—"}</td>
      <td data-label={labels.routes} data-testid="location-routes">
        {location.routes}
      </td>
      <td style={{ whiteSpace: "nowrap" }}>
        <span className="row">
          {location.readOnly ? null : (
            <button className="button secondary" type="button" onClick={onEdit}>
              {labels.rename}
            </button>
          )}
          {agent ? (
            <button className="button secondary" type="button" disabled={busy} onClick={rotate}>
              {labels.rotate}
            </button>
          ) : null}
          {agent && !location.revoked ? (
            <button className="button danger" type="button" disabled={busy} onClick={() => window.confirm(labels.confirmRevoke) && send("DELETE", `/api/locations/${location.id}`)}>
              {labels.revoke}
            </button>
          ) : null}
        </span>
        {formError ? <div className="field-error">{formError}</div> : null}
      </td>
    </tr>
  );
}
