import { openai } from "./openai";
import type { Provider } from "./provider";

/** Every provider ProxyPulse can probe: a new one is its folder plus one line here. */
const REGISTRY = {
  openai,
} as const;

export type ProviderId = keyof typeof REGISTRY;
export const PROVIDER_IDS = Object.keys(REGISTRY) as ProviderId[];
export const DEFAULT_PROVIDER: ProviderId = "openai";

/**
 * A provider with its client type hidden: each provider's methods take the
 * client it built itself, which the caller only passes back (the existential
 * type TypeScript cannot spell, hence the one cast here).
 */
export type AnyProvider = Provider<unknown>;

export function providerFor(id: ProviderId): AnyProvider {
  return REGISTRY[id] as unknown as AnyProvider;
}

/** A probe kind any provider offers. */
export type ProbeKindName = { [P in ProviderId]: keyof (typeof REGISTRY)[P]["kinds"] & string }[ProviderId];

/** Every probe kind name any provider offers, in registry order, without repeats. */
export const PROBE_KIND_NAMES: ProbeKindName[] = [...new Set(PROVIDER_IDS.flatMap((id) => Object.keys(REGISTRY[id].kinds) as ProbeKindName[]))];
