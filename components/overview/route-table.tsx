import Link from "next/link";
import { UptimeStrip } from "@/components/overview/uptime-strip";
import { ProbeButton } from "@/components/probe/probe-button";
import { StateBadge } from "@/components/state-badge";
import { LocationColumns, LocationDots } from "@/components/overview/location-dots";
import type { OverviewRoute } from "@/lib/dashboard/get-overview";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { providerLabel } from "@/lib/providers/registry";
import { formatAgo, formatMs, formatPercent } from "@/lib/ui/format-time";
import { kindHint, kindTitle } from "@/lib/ui/kind-text";
import { probeLabels } from "@/lib/ui/probe-labels";
import { encodeStrip } from "@/lib/ui/uptime-strip";
import { uptimeStripWords } from "@/lib/ui/uptime-strip-words";

/**
 * The overview's table: one page of routes with state, uptime bar, latency,
 * last result and a probe button each; with more than one location, a dot
 * per location under the state (`locations`: the columns).
 */
export function RouteTable({ routes, m, lang, now, locations = [] }: { routes: OverviewRoute[]; m: Messages; lang: Lang; now: number; locations?: ReadonlyArray<{ name: string }> }) {
  const matrix = locations.length > 1;
  // One object for every row's button: the page's data sends it once and refers to it (React dedupes by reference).
  // Texts are joined into one string where they share an element: each separate piece is a text node and a comment in the HTML.
  const labels = probeLabels(m, lang, false);
  const stripWords = uptimeStripWords(m, lang, routes.flatMap((route) => route.uptimeBar.flatMap((slot) => (slot.topKind ? [slot.topKind] : []))));
  return (
    <table className="data responsive" style={{ marginTop: "1rem" }} data-testid="route-table">
      <thead>
        <tr>
          <th scope="col">{m.overview.route}</th>
          <th scope="col">
            {m.overview.state}
            {matrix ? <LocationColumns columns={locations} m={m} /> : null}
          </th>
          <th scope="col">{m.overview.uptime24h}</th>
          <th scope="col">{m.overview.latency}</th>
          <th scope="col">{m.overview.last}</th>
          <th scope="col">
            <span className="visually-hidden">{m.overview.probeNow}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {routes.map((route) => (
          <tr key={route.id} data-testid={`route-${route.targetName}-${route.proxyName}`}>
            <td data-label={m.overview.route}>
              <Link className="route-name" href={`/routes/${route.id}`} prefetch={false}>
                {`${route.targetName} `}
                <span className="muted">{m.overview.via}</span>
                {` ${route.proxyName}`}
              </Link>
              <div className="muted small">{`${providerLabel(route.provider)} · ${route.probe} · ${m.overview.lastProbe}: ${formatAgo(route.last?.at ?? null, now, lang) ?? m.overview.never}`}</div>
            </td>
            <td data-label={m.overview.state}>
              <StateBadge state={route.state} m={m} />
              {matrix ? <LocationDots columns={locations} locations={route.locations} m={m} /> : null}
              {route.manualOnly ? (
                <div className="muted small" data-testid="route-manual-only" title={m.probeCost.manualOnlyHint}>
                  {m.probeCost.manualOnlyBadge}
                </div>
              ) : null}
            </td>
            <td data-label={m.overview.uptime24h}>
              {route.uptimeBar.length ? <UptimeStrip from={route.uptimeBar[0]!.start} code={encodeStrip(route.uptimeBar)} words={stripWords} /> : null}
              <div className="muted small">{formatPercent(route.windows["24h"].uptime)}</div>
            </td>
            <td data-label={m.overview.latency} className="mono small nowrap">
              {`p50 ${formatMs(route.windows["1h"].p50)}`}
              <br />
              {`p95 ${formatMs(route.windows["1h"].p95)}`}
            </td>
            <td data-label={m.overview.last}>
              {route.last ? (
                <>
                  <strong>{kindTitle(route.last.kind, lang)}</strong>
                  {route.last.ok ? null : <span className="kind muted"> {route.last.kind}</span>}
                  {route.last.ok ? <div className="muted small mono">{formatMs(route.last.totalMs)}</div> : <div className="hint">{kindHint(route.last.kind, lang)}</div>}
                </>
              ) : (
                <span className="muted">{m.overview.never}</span>
              )}
            </td>
            <td>
              <ProbeButton routeId={route.id} labels={labels} lang={lang} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
