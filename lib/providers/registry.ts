import { anthropicDescriptor } from "./anthropic/descriptor";
import { azureOpenAIDescriptor } from "./azure-openai/descriptor";
import { geminiDescriptor } from "./gemini/descriptor";
import { openaiDescriptor } from "./openai/descriptor";
import type { Provider, ProviderDescriptor } from "./provider";

/**
 * Every provider ProxyPulse can probe: a new one is its folder plus one line
 * here. Each is its descriptor (plain data: names, kinds, defaults), known at
 * once, and its implementation (SDK client, requests, error reading), loaded
 * on a probe's first need: a CLI call or a server that never probes Gemini
 * never loads its code, nor Anthropic's SDK.
 */
const REGISTRY = {
  openai: { descriptor: openaiDescriptor, load: () => import("./openai").then((module) => module.openai) },
  anthropic: { descriptor: anthropicDescriptor, load: () => import("./anthropic").then((module) => module.anthropic) },
  gemini: { descriptor: geminiDescriptor, load: () => import("./gemini").then((module) => module.gemini) },
  "azure-openai": { descriptor: azureOpenAIDescriptor, load: () => import("./azure-openai").then((module) => module.azureOpenAI) },
} as const;

export type ProviderId = keyof typeof REGISTRY;
export const PROVIDER_IDS = Object.keys(REGISTRY) as ProviderId[];
export const DEFAULT_PROVIDER: ProviderId = "openai";

/** A provider's descriptor: what validation, the target form and the CLI need, without its SDK. */
export function providerInfo(id: ProviderId): ProviderDescriptor {
  return REGISTRY[id].descriptor;
}

/**
 * A provider with its client type hidden: each provider's methods take the
 * client it built itself, which the caller only passes back (the existential
 * type TypeScript cannot spell, hence the one cast here).
 */
export type AnyProvider = Provider<unknown>;

const loaded = new Map<ProviderId, AnyProvider>();

/**
 * A provider's implementation, loaded the first time it is asked for. Kept
 * here once loaded: every probe asks, and a dynamic import per probe would go
 * through the module loader (and its hooks, under tsx) each time.
 */
export async function loadProvider(id: ProviderId): Promise<AnyProvider> {
  let provider = loaded.get(id);
  if (!provider) {
    provider = (await REGISTRY[id].load()) as unknown as AnyProvider;
    loaded.set(id, provider);
  }
  return provider;
}

/** A provider's name as shown ("Anthropic"); an id this version does not know is shown as it is. */
export function providerLabel(id: string): string {
  return isProviderId(id) ? providerInfo(id).label : id;
}

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === "string" && Object.hasOwn(REGISTRY, value);
}

/** A probe kind any provider offers. */
export type ProbeKindName = { [P in ProviderId]: keyof (typeof REGISTRY)[P]["descriptor"]["kinds"] & string }[ProviderId];

/** Every probe kind name any provider offers, in registry order, without repeats. */
export const PROBE_KIND_NAMES: ProbeKindName[] = [...new Set(PROVIDER_IDS.flatMap((id) => Object.keys(REGISTRY[id].descriptor.kinds) as ProbeKindName[]))];

/** The kinds a provider offers, its default first. */
export function probeKindsOf(id: ProviderId): ProbeKindName[] {
  return Object.keys(REGISTRY[id].descriptor.kinds) as ProbeKindName[];
}

/** What a target of this provider is probed with when its kind is not given: the request apps send. */
export function defaultProbeKind(id: ProviderId): ProbeKindName {
  return probeKindsOf(id)[0]!;
}

/** Why `probe` cannot be used with `provider` (a sentence naming the kinds it has), or null when it can. */
export function probeKindProblem(provider: ProviderId, probe: string): string | null {
  const kinds = probeKindsOf(provider);
  if ((kinds as string[]).includes(probe)) return null;
  return `Probe "${probe}" is not one the ${provider} provider offers: use one of ${kinds.join(", ")}`;
}

/** The message for a provider that is not in the registry. */
export const PROVIDER_CHOICES_MESSAGE = `Provider must be one of: ${PROVIDER_IDS.join(", ")}`;
