import { isProviderId, probeKindsOf, providerInfo, type ProbeKindName, type ProviderId } from "./registry";

/** The most rounds between paid probes: once a day at a one-minute interval. */
export const MAX_PAID_PROBE_EVERY = 1440;

/** Whether a probe of this kind spends tokens (unknown kinds count as paid: never assume a probe is free). */
export function kindCostsTokens(provider: string, probe: string): boolean {
  if (!isProviderId(provider)) return true;
  const kinds = providerInfo(provider).kinds as Record<string, { cost: "tokens" | "free" } | undefined>;
  return kinds[probe]?.cost !== "free";
}

/** The provider's first free kind (every provider has `models`), or null. */
export function freeProbeKind(provider: ProviderId): ProbeKindName | null {
  return probeKindsOf(provider).find((kind) => !kindCostsTokens(provider, kind)) ?? null;
}

/**
 * Why `paidProbeEvery` cannot go with this provider and kind, or null. A value
 * above 1 on a free kind is refused rather than ignored: it would read as a
 * saving that does not happen.
 */
export function paidProbeEveryProblem(provider: string, probe: string, paidProbeEvery: number): string | null {
  if (paidProbeEvery <= 1 || kindCostsTokens(provider, probe)) return null;
  return `Paid probe every applies only to probe kinds that cost tokens: "${probe}" is free already (leave it at 1)`;
}
