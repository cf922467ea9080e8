import { providerLabel } from "@/lib/providers/registry";

/** What a route is probed with: its provider's name and the kind ("Anthropic · messages-stream"). */
export function ProbeKindLabel({ provider, kind }: { provider: string; kind: string }) {
  return (
    <span className="muted small" data-testid="probe-kind">
      {providerLabel(provider)} · <span className="mono">{kind}</span>
    </span>
  );
}
