import type { Messages } from "@/lib/i18n/messages";
import type { RouteListing } from "@/lib/db/store/route-store";
import { DEFAULT_LATENCY_WINDOW } from "@/lib/monitoring/route-state";
import { RouteControls } from "./route-controls";

/** The route page's pause switch and settings, from the route listing (a server component feeding the client form). */
export function RouteControlsPanel({ route, m, defaultIntervalSeconds }: { route: RouteListing; m: Messages; defaultIntervalSeconds: number }) {
  return (
    <>
      {route.manualOnly ? (
        <p className="small muted" data-testid="route-manual-only">
          <strong>{m.probeCost.manualOnlyBadge}</strong> · {m.probeCost.manualOnlyHint}
        </p>
      ) : null}
      <RouteControls
        routeId={route.id}
        enabled={route.enabled}
        pausedBy={route.pausedBy}
        proxyName={route.proxyName}
        targetName={route.targetName}
        overrides={route.overrides}
        inherited={{
          intervalSeconds: route.targetSettings.intervalSeconds ?? defaultIntervalSeconds,
          latencyThresholdMs: route.targetSettings.latencyThresholdMs,
          latencyWindow: route.targetSettings.latencyWindow ?? DEFAULT_LATENCY_WINDOW,
        }}
        labels={m.routeControl}
      />
    </>
  );
}
