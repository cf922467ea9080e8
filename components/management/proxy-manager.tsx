"use client";

import { useState } from "react";
import { ManagedList, RowActions, sourceLabel } from "./managed-list";
import type { PresentedProxy } from "@/lib/management/present";
import { CheckboxField, Field } from "./field";
import { ProbeOutcome, type ProbeOutcomeLabels, type ProbeOutcomeView } from "../probe/probe-outcome";
import { useApiForm } from "./use-api-form";
import { FormError } from "./form-error";
import { changedLocations, LocationPicker, offersLocations, type LocationChoices } from "../locations/location-picker";

export interface ProxyManagerLabels {
  name: string;
  url: string;
  urlHelp: string;
  create: string;
  save: string;
  edit: string;
  cancel: string;
  remove: string;
  confirmRemove: string;
  test: string;
  testing: string;
  fromFile: string;
  builtIn: string;
  password: string;
  noPassword: string;
  testProxyAgainst: string;
  publicHost: string;
  none: string;
  outcome: ProbeOutcomeLabels;
}

/** The proxies: list, add, edit, delete, and test before saving. Passwords never come back to the browser. */
export function ProxyManager({ proxies, targets, labels, lang, locations }: { proxies: PresentedProxy[]; targets: Array<{ id: number; name: string }>; labels: ProxyManagerLabels; lang: "en" | "zh"; locations?: LocationChoices }) {
  return (
    <ManagedList
      items={proxies}
      labels={labels}
      renderRow={(proxy, edit) => <ProxyRow proxy={proxy} labels={labels} onEdit={edit} />}
      renderForm={(proxy, done) => <ProxyForm {...(proxy ? { proxy } : {})} {...(locations ? { locations } : {})} targets={targets} labels={labels} lang={lang} onDone={done} />}
    />
  );
}

function ProxyRow({ proxy, labels, onEdit }: { proxy: PresentedProxy; labels: ProxyManagerLabels; onEdit: () => void }) {
  return (
    <tr data-testid={`proxy-${proxy.name}`}>
      <td>
        <strong>{proxy.name}</strong>
        <div className="mono small">{proxy.url}</div>
      </td>
      <td className="small muted">{proxy.readOnly ? sourceLabel(proxy.source, labels) : proxy.hasPassword ? labels.password : labels.noPassword}</td>
      <RowActions readOnly={proxy.readOnly} deleteUrl={`/api/proxies/${proxy.id}`} onEdit={onEdit} labels={labels} />
    </tr>
  );
}

const PROXY_FIELDS = ["name", "url"] as const;

function ProxyForm({ proxy, targets, labels, lang, onDone, locations }: { proxy?: PresentedProxy; targets: Array<{ id: number; name: string }>; labels: ProxyManagerLabels; lang: "en" | "zh"; onDone: () => void; locations?: LocationChoices }) {
  // Save and test share one set of errors: whichever succeeds last leaves none behind.
  const { send, busy, fieldErrors, formError, clearField } = useApiForm({ fields: PROXY_FIELDS, aliases: { proxyUrl: "url" } });
  const [name, setName] = useState(proxy?.name ?? "");
  // The masked URL is shown without its "****": leaving the password out keeps the saved one.
  const [url, setUrl] = useState(proxy ? proxy.url.replace(":****@", "@") : "");
  const [targetId, setTargetId] = useState<number | undefined>(targets[0]?.id);
  const [publicHost, setPublicHost] = useState(proxy?.publicHost ?? false);
  const [probedFrom, setProbedFrom] = useState<string[] | null>(proxy?.locations ?? null);
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<ProbeOutcomeView | null>(null);
  const prefix = proxy ? `proxy-${proxy.id}` : "proxy-new";

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const fields = { name, url, publicHost, ...changedLocations(locations, proxy?.locations ?? null, probedFrom) };
    const saved = proxy ? await send("PATCH", `/api/proxies/${proxy.id}`, fields) : await send("POST", "/api/proxies", fields);
    if (saved) onDone();
  }

  async function runTest() {
    setTesting(true);
    setTested(null);
    const response = (await send("POST", "/api/probes/test", { proxyUrl: url, ...(proxy ? { proxyId: proxy.id } : {}), targetId })) as { result: ProbeOutcomeView } | null;
    setTested(response?.result ?? null);
    setTesting(false);
  }

  return (
    <form className="stack" onSubmit={save} noValidate>
      <Field id={`${prefix}-name`} label={labels.name} error={fieldErrors.name}>
        {(props) => <input {...props} name="name" value={name} onChange={(event) => {
              setName(event.target.value);
              clearField("name");
            }} required />}
      </Field>
      <Field id={`${prefix}-url`} label={labels.url} help={labels.urlHelp} error={fieldErrors.url}>
        {(props) => <input {...props} name="url" className="mono" value={url} onChange={(event) => {
              setUrl(event.target.value);
              clearField("url");
            }} placeholder="http://127.0.0.1:7890" required />}
      </Field>
      <CheckboxField id={`${prefix}-publicHost`} label={labels.publicHost} checked={publicHost} onChange={setPublicHost} />
      {offersLocations(locations) ? <LocationPicker id={prefix} choices={locations} value={probedFrom} onChange={setProbedFrom} /> : null}
      {targets.length ? (
        <label>
          {labels.testProxyAgainst}
          <select value={targetId} onChange={(event) => setTargetId(Number(event.target.value))}>
            {targets.map((target) => (
              <option key={target.id} value={target.id}>
                {target.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <FormError message={formError} />
      <div aria-live="polite">{tested ? <ProbeOutcome result={tested} lang={lang} labels={labels.outcome} testId="test-result" showRoute /> : null}</div>
      <div className="row">
        <button className="button" type="submit" disabled={busy}>
          {proxy ? labels.save : labels.create}
        </button>
        {targets.length ? (
          <button className="button secondary" type="button" onClick={runTest} disabled={testing} aria-busy={testing}>
            {testing ? labels.testing : labels.test}
          </button>
        ) : null}
        <button className="link-button" type="button" onClick={onDone}>
          {labels.cancel}
        </button>
      </div>
    </form>
  );
}
