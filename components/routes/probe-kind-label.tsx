import { isProviderId, providerInfo } from "@/lib/providers/registry";

/** What a route is probed with: its provider's name and the kind ("Anthropic · messages-stream"). */
export function ProbeKindLabel({ provider, kind }: { provider: string; kind: string }) {
  const label = isProviderId(provider) ? providerInfo(provider).label : provider;
  return (
    <span className="muted small" data-testid="probe-kind">
      {label} · <span className="mono">{kind}</span>
    </span>
  );
}
