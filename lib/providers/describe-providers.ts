import { PROVIDER_IDS, probeKindsOf, providerInfo, type ProbeKindName, type ProviderId } from "./registry";

/** What the dashboard's target form knows of a provider: plain data, so the browser never loads an SDK. */
export interface ProviderChoice {
  id: ProviderId;
  label: string;
  kinds: Array<{ name: ProbeKindName; cost: "tokens" | "free" }>;
  defaults: { baseUrl: string | null; model: string };
  baseUrlPresets: Array<{ label: string; baseUrl: string }>;
}

/** Every provider as the target form offers it, in registry order. */
export function describeProviders(): ProviderChoice[] {
  return PROVIDER_IDS.map((id) => {
    const provider = providerInfo(id);
    return {
      id,
      label: provider.label,
      kinds: probeKindsOf(id).map((name) => ({ name, cost: provider.kinds[name]!.cost })),
      defaults: { baseUrl: provider.defaults.baseUrl, model: provider.defaults.model },
      baseUrlPresets: provider.baseUrlPresets.map((preset) => ({ ...preset })),
    };
  });
}
