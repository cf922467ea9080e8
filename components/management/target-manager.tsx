"use client";

import { useState } from "react";
import { ManagedList, RowActions, sourceLabel } from "./managed-list";
import type { PresentedTarget } from "@/lib/management/present";
import { CheckboxField, Field } from "./field";
import { ProbeOutcome, type ProbeOutcomeLabels, type ProbeOutcomeView } from "../probe/probe-outcome";
import { useApiForm } from "./use-api-form";
import { FormError } from "./form-error";
import type { ProviderChoice } from "@/lib/providers/describe-providers";
import { paidProbeEveryValue, TargetCostBadges, TargetCostFields, type ProbeCostLabels } from "./target-cost-fields";
import { changedLocations, LocationPicker, offersLocations, type LocationChoices } from "../locations/location-picker";
import { BaseUrlPresetSelect, ProbeKindOptions, probeHelpFor, ProviderSelect, switchProvider, type ProviderFieldLabels } from "./target-provider-fields";

export interface TargetManagerLabels {
  name: string;
  baseUrl: string;
  model: string;
  probe: string;
  probeHelp: string;
  apiKey: string;
  apiKeyHelpNew: string;
  apiKeyHelpKeep: string;
  caFile: string;
  create: string;
  save: string;
  edit: string;
  cancel: string;
  remove: string;
  confirmRemove: string;
  test: string;
  testing: string;
  testTargetThrough: string;
  publicHost: string;
  fromFile: string;
  builtIn: string;
  none: string;
  outcome: ProbeOutcomeLabels;
  providerFields: ProviderFieldLabels;
  probeCost: ProbeCostLabels;
}

/** The targets: list, add, edit, delete, and test before saving. Keys are write-only and shown masked. */
export function TargetManager({ targets, providers, labels, lang, locations }: { targets: PresentedTarget[]; providers: ProviderChoice[]; labels: TargetManagerLabels; lang: "en" | "zh"; locations?: LocationChoices }) {
  return (
    <ManagedList
      items={targets}
      labels={labels}
      renderRow={(target, edit) => <TargetRow target={target} labels={labels} onEdit={edit} />}
      renderForm={(target, done) => <TargetForm {...(target ? { target } : {})} {...(locations ? { locations } : {})} providers={providers} labels={labels} lang={lang} onDone={done} />}
    />
  );
}

function TargetRow({ target, labels, onEdit }: { target: PresentedTarget; labels: TargetManagerLabels; onEdit: () => void }) {
  return (
    <tr data-testid={`target-${target.name}`}>
      <td>
        <strong>{target.name}</strong>
        <div className="mono small">{target.baseUrl}</div>
      </td>
      <td className="small">
        <span data-testid="target-provider">{target.provider}</span> · <span className="mono">{target.model}</span> · {target.probe} · {labels.apiKey}: <span className="mono">{target.apiKey ?? (target.apiKeyEnv ? `$${target.apiKeyEnv}` : "–")}</span>
        <TargetCostBadges paidProbeEvery={target.paidProbeEvery} manualOnly={target.manualOnly} labels={labels.probeCost} />
        {target.readOnly ? <div className="muted">{sourceLabel(target.source, labels)}</div> : null}
      </td>
      <RowActions readOnly={target.readOnly} deleteUrl={`/api/targets/${target.id}`} onEdit={onEdit} labels={labels} />
    </tr>
  );
}

const TARGET_FIELDS = ["name", "provider", "baseUrl", "model", "probe", "apiKey", "caFile", "publicHost", "paidProbeEvery", "manualOnly"] as const;

function TargetForm({ target, providers, labels, lang, onDone, locations }: { target?: PresentedTarget; providers: ProviderChoice[]; labels: TargetManagerLabels; lang: "en" | "zh"; onDone: () => void; locations?: LocationChoices }) {
  // Save and test share one set of errors: whichever succeeds last leaves none behind.
  const { send, busy, fieldErrors, formError, clearField } = useApiForm({ fields: TARGET_FIELDS });
  const fallback = providers[0]!;
  const [values, setValues] = useState({
    name: target?.name ?? "",
    provider: target?.provider ?? fallback.id,
    baseUrl: target?.baseUrl ?? fallback.defaults.baseUrl ?? "",
    model: target?.model ?? fallback.defaults.model,
    probe: target?.probe ?? fallback.kinds[0]!.name,
    apiKey: "",
    caFile: target?.caFile ?? "",
  });
  const [publicHost, setPublicHost] = useState(target?.publicHost ?? false);
  const [paidProbeEvery, setPaidProbeEvery] = useState(String(target?.paidProbeEvery ?? 1));
  const [manualOnly, setManualOnly] = useState(target?.manualOnly ?? false);
  const [probedFrom, setProbedFrom] = useState<string[] | null>(target?.locations ?? null);
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<ProbeOutcomeView | null>(null);
  const prefix = target ? `target-${target.id}` : "target-new";
  const set = (field: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setValues({ ...values, [field]: event.target.value });
    clearField(field);
  };
  const body = () => ({
    name: values.name,
    provider: values.provider,
    baseUrl: values.baseUrl,
    model: values.model,
    probe: values.probe,
    caFile: values.caFile.trim() || null,
    publicHost,
    paidProbeEvery: paidProbeEveryValue(paidProbeEvery),
    manualOnly,
    // An empty key field keeps the saved key (secrets are write-only).
    ...(values.apiKey.trim() ? { apiKey: values.apiKey.trim() } : {}),
  });

  async function save(event: React.FormEvent) {
    event.preventDefault();
    // Not in body(): "test before saving" takes no locations.
    const fields = { ...body(), ...changedLocations(locations, target?.locations ?? null, probedFrom) };
    const saved = target ? await send("PATCH", `/api/targets/${target.id}`, fields) : await send("POST", "/api/targets", fields);
    if (saved) onDone();
  }

  async function runTest() {
    setTesting(true);
    setTested(null);
    const { name: _name, publicHost: _public, paidProbeEvery: _every, manualOnly: _manual, ...fields } = body();
    const response = (await send("POST", "/api/probes/test", { target: { ...fields, caFile: fields.caFile ?? undefined }, ...(target ? { targetId: target.id } : {}) })) as { result: ProbeOutcomeView } | null;
    setTested(response?.result ?? null);
    setTesting(false);
  }

  return (
    <form className="stack" onSubmit={save} noValidate>
      <Field id={`${prefix}-name`} label={labels.name} error={fieldErrors.name}>
        {(props) => <input {...props} name="name" value={values.name} onChange={set("name")} required />}
      </Field>
      <ProviderSelect
        prefix={prefix}
        value={values.provider}
        providers={providers}
        labels={labels.providerFields}
        error={fieldErrors.provider}
        onChange={(provider) => {
          setValues(switchProvider(values, provider, providers));
          clearField("provider");
          clearField("probe");
        }}
      />
      <BaseUrlPresetSelect prefix={prefix} provider={values.provider} baseUrl={values.baseUrl} providers={providers} labels={labels.providerFields} onChange={(baseUrl) => setValues({ ...values, baseUrl })} />
      <Field id={`${prefix}-baseUrl`} label={labels.baseUrl} error={fieldErrors.baseUrl}>
        {(props) => <input {...props} name="baseUrl" className="mono" value={values.baseUrl} onChange={set("baseUrl")} required />}
      </Field>
      <Field id={`${prefix}-model`} label={labels.model} error={fieldErrors.model}>
        {(props) => <input {...props} name="model" className="mono" value={values.model} onChange={set("model")} />}
      </Field>
      <Field id={`${prefix}-probe`} label={labels.probe} help={probeHelpFor(values.provider, providers, labels.providerFields)} error={fieldErrors.probe}>
        {(props) => (
          <select {...props} name="probe" value={values.probe} onChange={set("probe")}>
            <ProbeKindOptions provider={values.provider} providers={providers} />
          </select>
        )}
      </Field>
      <Field id={`${prefix}-apiKey`} label={labels.apiKey} help={target ? `${labels.apiKeyHelpKeep} (${target.apiKey ?? "–"})` : labels.apiKeyHelpNew} error={fieldErrors.apiKey}>
        {(props) => <input {...props} name="apiKey" type="password" autoComplete="off" className="mono" value={values.apiKey} onChange={set("apiKey")} />}
      </Field>
      <Field id={`${prefix}-caFile`} label={labels.caFile} error={fieldErrors.caFile}>
        {(props) => <input {...props} name="caFile" className="mono" value={values.caFile} onChange={set("caFile")} />}
      </Field>
      <CheckboxField id={`${prefix}-publicHost`} label={labels.publicHost} checked={publicHost} onChange={setPublicHost} />
      {offersLocations(locations) ? <LocationPicker id={prefix} choices={locations} value={probedFrom} onChange={setProbedFrom} /> : null}
      <TargetCostFields
        prefix={prefix}
        paidProbeEvery={paidProbeEvery}
        manualOnly={manualOnly}
        error={fieldErrors.paidProbeEvery}
        labels={labels.probeCost}
        onPaidProbeEvery={(value) => {
          setPaidProbeEvery(value);
          clearField("paidProbeEvery");
        }}
        onManualOnly={setManualOnly}
      />
      <FormError message={formError} />
      <div aria-live="polite">{tested ? <ProbeOutcome result={tested} lang={lang} labels={labels.outcome} testId="test-result" showRoute /> : null}</div>
      <div className="row">
        <button className="button" type="submit" disabled={busy}>
          {target ? labels.save : labels.create}
        </button>
        <button className="button secondary" type="button" onClick={runTest} disabled={testing} aria-busy={testing} title={labels.testTargetThrough}>
          {testing ? labels.testing : labels.test}
        </button>
        <button className="link-button" type="button" onClick={onDone}>
          {labels.cancel}
        </button>
      </div>
    </form>
  );
}
