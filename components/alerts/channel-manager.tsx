"use client";

import { useState } from "react";
import { Field } from "../management/field";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";
import type { ChannelField } from "@/lib/notifications/channels/channel-definition";

export interface ChannelView {
  id: number;
  name: string;
  type: string;
  lang: string;
  enabled: boolean;
  destination: string | null;
  signed: boolean;
  readOnly: boolean;
}

/** A channel type's form, from the registry (lib/notifications/channel-registry.ts: channelForms). */
export interface ChannelFormSpec {
  type: string;
  fields: ChannelField[];
}

type Labels = Record<"type" | "language" | "turnOn" | "turnOff" | "off" | "sendTest" | "sending" | "add" | "signed" | "noChannels", string> & {
  name: string;
  create: string;
  cancel: string;
  remove: string;
  confirmRemove: string;
  fromFile: string;
  /** Field labels of the old channel types (url, token, host…). */
  [field: string]: string;
};

/** Type names, the new types' field labels, and the test result's words (messages.ts: channelForm). */
export interface ChannelLabels {
  types: Record<string, string>;
  fields: Record<string, string>;
  testSent: string;
  testFailed: string;
}

/** Notification channels: list, send a test, add (fields by type), delete. Secrets go in and never come back. */
export function ChannelManager({ channels, forms, labels, channelLabels }: { channels: ChannelView[]; forms: ChannelFormSpec[]; labels: Labels; channelLabels: ChannelLabels }) {
  const [adding, setAdding] = useState(channels.length === 0);
  return (
    <div>
      {channels.length === 0 ? <p className="muted">{labels.noChannels}</p> : null}
      <table className="data responsive">
        <tbody>
          {channels.map((channel) => (
            <ChannelRow key={channel.id} channel={channel} labels={labels} channelLabels={channelLabels} />
          ))}
        </tbody>
      </table>
      <div style={{ marginTop: "1rem" }}>
        {adding ? (
          <div className="panel">
            <ChannelForm forms={forms} labels={labels} channelLabels={channelLabels} onDone={() => setAdding(false)} />
          </div>
        ) : (
          <button className="button" type="button" onClick={() => setAdding(true)}>
            {labels.add}
          </button>
        )}
      </div>
    </div>
  );
}

function ChannelRow({ channel, labels, channelLabels }: { channel: ChannelView; labels: Labels; channelLabels: ChannelLabels }) {
  const test = useApiForm();
  const remove = useApiForm();
  const toggle = useApiForm();
  const [result, setResult] = useState<{ status: string; lastError: string | null } | null>(null);
  async function sendTest() {
    setResult(null);
    const response = (await test.send("POST", `/api/notifications/${channel.id}/test`)) as { delivery: { status: string; lastError: string | null } } | null;
    if (response) setResult(response.delivery);
  }
  return (
    <tr data-testid={`channel-${channel.name}`}>
      <td>
        <strong>{channel.name}</strong> <span className="muted">{channelLabels.types[channel.type] ?? channel.type}</span>
        {channel.enabled ? null : <span className="state state-unknown"> {labels.off}</span>}
        <div className="mono small">
          {channel.destination ?? "–"} · {channel.lang}
          {channel.signed ? ` · ${labels.signed}` : ""}
        </div>
        {channel.readOnly ? <div className="muted small">{labels.fromFile}</div> : null}
      </td>
      <td>
        <span className="row">
          <button className="button secondary" type="button" onClick={sendTest} disabled={test.busy} aria-busy={test.busy}>
            {test.busy ? labels.sending : labels.sendTest}
          </button>
          {channel.readOnly ? null : (
            <button className="button secondary" type="button" disabled={toggle.busy} onClick={() => toggle.send("PATCH", `/api/notifications/${channel.id}`, { enabled: !channel.enabled })}>
              {channel.enabled ? labels.turnOff : labels.turnOn}
            </button>
          )}
          {channel.readOnly ? null : (
            <button className="button danger" type="button" disabled={remove.busy} onClick={() => window.confirm(labels.confirmRemove) && remove.send("DELETE", `/api/notifications/${channel.id}`)}>
              {labels.remove}
            </button>
          )}
        </span>
        {/* The test's answer, right by its button: delivered, or the reason (already cleaned of the channel's secrets by the server). */}
        <div role="status" aria-live="polite" data-testid="test-result" className="small" style={{ marginTop: "0.4rem" }}>
          {result ? (
            <>
              <span className={result.status === "sent" ? "state state-up" : "state state-down"} data-testid="test-delivery" data-status={result.status}>
                {result.status === "sent" ? labels.deliverySent : result.status === "failed" ? labels.deliveryFailed : result.status}
              </span>{" "}
              {result.status === "sent" ? channelLabels.testSent : <span data-testid="test-delivery-reason" className="field-error">{`${channelLabels.testFailed} ${result.lastError ?? ""}`}</span>}
            </>
          ) : null}
          {test.formError ? <span className="field-error">{test.formError}</span> : null}
        </div>
      </td>
    </tr>
  );
}

/** The request body from the form's values: blank fields are left out (their defaults apply), numbers and lists converted. */
function channelBody(fields: ChannelField[], values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key]?.trim();
    if (!value) continue;
    body[field.key] =
      field.input === "number" ? Number(value)
      : field.input === "list" ? value.split(",").map((item) => item.trim()).filter(Boolean)
      : value;
  }
  return body;
}

function ChannelForm({ forms, labels, channelLabels, onDone }: { forms: ChannelFormSpec[]; labels: Labels; channelLabels: ChannelLabels; onDone: () => void }) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const initialValues = (spec: ChannelFormSpec | undefined) => Object.fromEntries((spec?.fields ?? []).filter((field) => field.initial !== undefined).map((field) => [field.key, field.initial!]));
  const [type, setType] = useState(forms[0]?.type ?? "webhook");
  const [values, setValues] = useState<Record<string, string>>({ name: "", lang: "en", ...initialValues(forms[0]) });
  const spec = forms.find((form) => form.type === type);
  const set = (field: string) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues({ ...values, [field]: event.target.value });
  function chooseType(next: string) {
    setType(next);
    setValues({ ...initialValues(forms.find((form) => form.type === next)), ...values });
  }
  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (await send("POST", "/api/notifications", { name: values.name, type, lang: values.lang, ...channelBody(spec?.fields ?? [], values) })) onDone();
  }
  return (
    <form className="stack" onSubmit={save} noValidate>
      <Field id="channel-name" label={labels.name} error={fieldErrors.name}>
        {(props) => <input {...props} name="name" value={values.name ?? ""} onChange={set("name")} />}
      </Field>
      <Field id="channel-type" label={labels.type} error={fieldErrors.type}>
        {(props) => (
          <select {...props} value={type} onChange={(event) => chooseType(event.target.value)}>
            {forms.map((form) => (
              <option key={form.type} value={form.type}>
                {channelLabels.types[form.type] ?? form.type}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="channel-lang" label={labels.language}>
        {(props) => (
          <select {...props} value={values.lang} onChange={set("lang")}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        )}
      </Field>
      {(spec?.fields ?? []).map((field) => (
        <Field key={`${type}-${field.key}`} id={`channel-${field.key}`} label={channelLabels.fields[field.label] ?? labels[field.label] ?? field.key} error={fieldErrors[field.key]}>
          {(props) => (
            <input
              {...props}
              name={field.key}
              type={field.input === "secret" ? "password" : "text"}
              inputMode={field.input === "number" ? "numeric" : undefined}
              className="mono"
              placeholder={field.placeholder}
              value={values[field.key] ?? ""}
              onChange={set(field.key)}
              autoComplete="off"
            />
          )}
        </Field>
      ))}
      <FormError message={formError} />
      <div className="row">
        <button className="button" type="submit" disabled={busy}>
          {labels.create}
        </button>
        <button className="link-button" type="button" onClick={onDone}>
          {labels.cancel}
        </button>
      </div>
    </form>
  );
}
