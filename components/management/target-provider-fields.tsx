"use client";

import type { ProviderChoice } from "@/lib/providers/describe-providers";
import { Field } from "./field";

export interface ProviderFieldLabels {
  provider: string;
  providerHelp: string;
  baseUrlPreset: string;
  presetCustom: string;
  probeHelp: string;
}

export interface ProviderDependentValues {
  provider: string;
  baseUrl: string;
  model: string;
  probe: string;
}

/**
 * The form's values after the provider changes: a kind the new provider
 * lacks becomes its default, and a base URL or model that was the old
 * provider's own (default or preset) becomes the new one's; anything typed by
 * hand is kept.
 */
export function switchProvider<T extends ProviderDependentValues>(values: T, to: string, providers: ProviderChoice[]): T {
  const from = providers.find((provider) => provider.id === values.provider);
  const next = providers.find((provider) => provider.id === to);
  if (!next) return { ...values, provider: to };
  const ownUrls = new Set([from?.defaults.baseUrl, ...(from?.baseUrlPresets.map((preset) => preset.baseUrl) ?? [])]);
  return {
    ...values,
    provider: to,
    probe: next.kinds.some((kind) => kind.name === values.probe) ? values.probe : (next.kinds[0]?.name ?? values.probe),
    baseUrl: values.baseUrl.trim() === "" || ownUrls.has(values.baseUrl) ? (next.defaults.baseUrl ?? "") : values.baseUrl,
    model: values.model.trim() === "" || values.model === from?.defaults.model ? next.defaults.model : values.model,
  };
}

/** The provider select and the base-URL presets of the chosen provider. */
export function ProviderSelect({ prefix, value, providers, labels, error, onChange }: { prefix: string; value: string; providers: ProviderChoice[]; labels: ProviderFieldLabels; error: string | undefined; onChange: (provider: string) => void }) {
  return (
    <Field id={`${prefix}-provider`} label={labels.provider} help={labels.providerHelp} {...(error ? { error } : {})}>
      {(props) => (
        <select {...props} name="provider" value={value} onChange={(event) => onChange(event.target.value)}>
          {providers.map((provider) => (
            <option key={provider.id} value={provider.id}>
              {provider.id} ({provider.label})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function BaseUrlPresetSelect({ prefix, provider, baseUrl, providers, labels, onChange }: { prefix: string; provider: string; baseUrl: string; providers: ProviderChoice[]; labels: ProviderFieldLabels; onChange: (baseUrl: string) => void }) {
  const presets = providers.find((choice) => choice.id === provider)?.baseUrlPresets ?? [];
  const current = presets.find((preset) => preset.baseUrl === baseUrl)?.baseUrl ?? "";
  return (
    <Field id={`${prefix}-baseUrlPreset`} label={labels.baseUrlPreset}>
      {(props) => (
        <select {...props} name="baseUrlPreset" value={current} onChange={(event) => event.target.value && onChange(event.target.value)}>
          <option value="">{labels.presetCustom}</option>
          {presets.map((preset) => (
            <option key={preset.baseUrl} value={preset.baseUrl}>
              {preset.label} — {preset.baseUrl}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The probe kinds the chosen provider offers. */
export function ProbeKindOptions({ provider, providers }: { provider: string; providers: ProviderChoice[] }) {
  const kinds = providers.find((choice) => choice.id === provider)?.kinds ?? [];
  return (
    <>
      {kinds.map((kind) => (
        <option key={kind.name} value={kind.name}>
          {kind.name}
        </option>
      ))}
    </>
  );
}

/** "messages costs 1 output token…": the help names the provider's paid kind. */
export function probeHelpFor(provider: string, providers: ProviderChoice[], labels: ProviderFieldLabels): string {
  const paid = providers.find((choice) => choice.id === provider)?.kinds.find((kind) => kind.cost === "tokens")?.name ?? "chat";
  return labels.probeHelp.replace("{kind}", paid);
}
