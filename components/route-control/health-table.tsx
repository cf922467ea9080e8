import Link from "next/link";
import type { HealthAtAGlance } from "@/lib/dashboard/summarize-health";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { ROUTE_STATES } from "@/lib/dashboard/filter-routes";
import { formatMs } from "@/lib/ui/format-time";
import { LocalTime } from "@/components/time/local-time";
import { kindTitle } from "@/lib/ui/kind-text";
import { PauseButton } from "./pause-button";
import { ThresholdForm } from "./threshold-form";

export interface HealthItem {
  id: number;
  name: string;
  enabled: boolean;
  pausedInFile: boolean;
  /** Targets only: the threshold and window, and whether the file sets them (read-only here). */
  latency?: { thresholdMs: number | null; window: number | null; readOnly: boolean };
}

/**
 * Proxies or targets at a glance: their routes by state, the median p50 of
 * those routes, the last failure (when, which kind, on which route), and
 * the pause switch (also for the file's objects: pausing is operational).
 */
export function HealthTable({ kind, items, health, m, lang }: { kind: "proxy" | "target"; items: HealthItem[]; health: Map<number, HealthAtAGlance>; m: Messages; lang: Lang }) {
  const t = m.routeControl;
  if (items.length === 0) return null;
  const api = kind === "proxy" ? "/api/proxies" : "/api/targets";
  return (
    <section>
      <h2>{t.health}</h2>
      <table className="data responsive" data-testid={`${kind}-health`}>
        <thead>
          <tr>
            <th scope="col">{m.manage.name}</th>
            <th scope="col">{t.routes}</th>
            <th scope="col">{t.p50}</th>
            <th scope="col">{t.lastFailure}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const h = health.get(item.id);
            const paused = !item.enabled || item.pausedInFile;
            return (
              <tr key={item.id} data-testid={`${kind}-health-${item.name}`}>
                <td data-label={m.manage.name}>
                  <strong>{item.name}</strong>{" "}
                  {paused ? (
                    <span className="state state-paused" data-testid="paused-badge">
                      {item.pausedInFile ? t.pausedInFile : t.pausedHere}
                    </span>
                  ) : null}
                </td>
                <td data-label={t.routes} className="small" data-testid="state-counts">
                  {h
                    ? ROUTE_STATES.filter((state) => h.counts[state] > 0)
                        .map((state) => `${h.counts[state]} ${t.stateCounts[state]}`)
                        .join(" · ")
                    : "–"}
                </td>
                <td data-label={t.p50} className="mono">
                  {formatMs(h?.p50Ms ?? null)}
                </td>
                <td data-label={t.lastFailure} className="small" data-testid="last-failure">
                  {h?.lastFailure ? (
                    <>
                      <span className="mono"><LocalTime iso={h.lastFailure.at} /></span> · {kindTitle(h.lastFailure.kind, lang)} ·{" "}
                      <Link href={`/routes/${h.lastFailure.routeId}`}>{h.lastFailure.targetName} {m.overview.via} {h.lastFailure.proxyName}</Link>
                    </>
                  ) : (
                    <span className="muted">{t.noFailure}</span>
                  )}
                </td>
                <td>
                  <PauseButton
                    url={`${api}/${item.id}`}
                    enabled={item.enabled}
                    lockedReason={item.pausedInFile ? t.pausedBy[`${kind}_file`].replace("{name}", item.name) : null}
                    testId={`pause-${kind}-${item.name}`}
                    labels={t}
                  />
                  {item.latency ? <ThresholdForm url={`${api}/${item.id}`} thresholdMs={item.latency.thresholdMs} window={item.latency.window} readOnly={item.latency.readOnly} labels={t} testId={`threshold-${item.name}`} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
