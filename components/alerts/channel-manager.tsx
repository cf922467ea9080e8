"use client";

import { useState } from "react";
import { Field } from "../management/field";
import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";

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

type Labels = Record<
  "type" | "destination" | "language" | "turnOn" | "turnOff" | "off" | "sendTest" | "sending" | "add" | "url" | "secret" | "token" | "chatId" | "host" | "port" | "user" | "password" | "from" | "to" | "signed" | "noChannels" | "status" | "error",
  string
> & { name: string; create: string; cancel: string; remove: string; confirmRemove: string; fromFile: string };

const TYPES = ["webhook", "slack", "feishu", "dingtalk", "wecom", "telegram", "email"] as const;

/** Notification channels: list, send a test, add (fields by type), delete. Secrets go in and never come back. */
export function ChannelManager({ channels, labels }: { channels: ChannelView[]; labels: Labels }) {
  const [adding, setAdding] = useState(channels.length === 0);
  return (
    <div>
      {channels.length === 0 ? <p className="muted">{labels.noChannels}</p> : null}
      <table className="data responsive">
        <tbody>
          {channels.map((channel) => (
            <ChannelRow key={channel.id} channel={channel} labels={labels} />
          ))}
        </tbody>
      </table>
      <div style={{ marginTop: "1rem" }}>
        {adding ? (
          <div className="panel">
            <ChannelForm labels={labels} onDone={() => setAdding(false)} />
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

function ChannelRow({ channel, labels }: { channel: ChannelView; labels: Labels }) {
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
        <strong>{channel.name}</strong> <span className="muted">{channel.type}</span>
        {channel.enabled ? null : <span className="state state-unknown"> {labels.off}</span>}
        <div className="mono small">
          {channel.destination ?? "–"} · {channel.lang}
          {channel.signed ? ` · ${labels.signed}` : ""}
        </div>
        {channel.readOnly ? <div className="muted small">{labels.fromFile}</div> : null}
      </td>
      <td aria-live="polite">
        {result ? (
          <span className={result.status === "sent" ? "state state-up" : "state state-down"} data-testid="test-delivery">
            {result.status}
          </span>
        ) : null}
        {result?.lastError ? <div className="field-error">{result.lastError}</div> : null}
        {test.formError ? <div className="field-error">{test.formError}</div> : null}
      </td>
      <td style={{ whiteSpace: "nowrap" }}>
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
      </td>
    </tr>
  );
}

function ChannelForm({ labels, onDone }: { labels: Labels; onDone: () => void }) {
  const { send, busy, fieldErrors, formError } = useApiForm();
  const [type, setType] = useState<(typeof TYPES)[number]>("webhook");
  const [values, setValues] = useState<Record<string, string>>({ name: "", lang: "en", port: "587" });
  const set = (field: string) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues({ ...values, [field]: event.target.value });
  const text = (field: string, label: string, options: { type?: string; required?: boolean } = {}) => (
    <Field id={`channel-${field}`} label={label} error={fieldErrors[field]}>
      {(props) => <input {...props} name={field} type={options.type ?? "text"} className="mono" value={values[field] ?? ""} onChange={set(field)} autoComplete="off" />}
    </Field>
  );
  async function save(event: React.FormEvent) {
    event.preventDefault();
    const optional = (field: string) => (values[field]?.trim() ? { [field]: values[field]!.trim() } : {});
    const body =
      type === "telegram"
        ? { token: values.token, chatId: values.chatId, ...(values.apiBase ? { apiBase: values.apiBase } : {}) }
        : type === "email"
          ? { host: values.host, port: Number(values.port), from: values.from, to: (values.to ?? "").split(",").map((to) => to.trim()).filter(Boolean), ...optional("user"), ...optional("password") }
          : { url: values.url, ...(type === "webhook" || type === "feishu" || type === "dingtalk" ? optional("secret") : {}) };
    if (await send("POST", "/api/notifications", { name: values.name, type, lang: values.lang, ...body })) onDone();
  }
  return (
    <form className="stack" onSubmit={save} noValidate>
      <Field id="channel-name" label={labels.name} error={fieldErrors.name}>
        {(props) => <input {...props} name="name" value={values.name ?? ""} onChange={set("name")} />}
      </Field>
      <Field id="channel-type" label={labels.type} error={fieldErrors.type}>
        {(props) => (
          <select {...props} value={type} onChange={(event) => setType(event.target.value as (typeof TYPES)[number])}>
            {TYPES.map((name) => (
              <option key={name} value={name}>
                {name}
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
      {type === "telegram" ? (
        <>
          {text("token", labels.token, { type: "password" })}
          {text("chatId", labels.chatId)}
        </>
      ) : type === "email" ? (
        <>
          {text("host", labels.host)}
          {text("port", labels.port)}
          {text("user", labels.user)}
          {text("password", labels.password, { type: "password" })}
          {text("from", labels.from)}
          {text("to", labels.to)}
        </>
      ) : (
        <>
          {text("url", labels.url)}
          {type === "webhook" || type === "feishu" || type === "dingtalk" ? text("secret", labels.secret, { type: "password" }) : null}
        </>
      )}
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
