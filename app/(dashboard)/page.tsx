import type { Metadata } from "next";
import Link from "next/link";
import { MaintenanceNotice } from "@/components/alerts/maintenance-notice";
import { QuotaPanel } from "@/components/overview/quota-panel";
import { RouteFilterForm } from "@/components/overview/route-filter-form";
import { UptimeBar } from "@/components/overview/uptime-bar";
import { ProbeButton } from "@/components/probe/probe-button";
import { StateBadge } from "@/components/state-badge";
import { openDashboardPage } from "@/lib/auth/page-session";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { filterRoutes, isFiltering, overviewHref, parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import { getOverview } from "@/lib/dashboard/get-overview";
import { listMaintenanceWindows } from "@/lib/maintenance/maintenance-windows";
import { formatAgo, formatMs, formatPercent } from "@/lib/ui/format-time";
import { kindHint, kindTitle } from "@/lib/ui/kind-text";
import { probeLabels } from "@/lib/ui/probe-labels";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filter = parseOverviewFilter(await searchParams);
  const { m, lang, service } = await openDashboardPage(overviewHref(filter));
  const overview = getOverview(service.sqlite);
  const filtering = isFiltering(filter);
  const routes = filterRoutes(overview.routes, filter);
  const names = (pick: (route: (typeof overview.routes)[number]) => string) => [...new Set(overview.routes.map(pick))].sort((a, b) => a.localeCompare(b));
  const now = Date.parse(overview.now);
  return (
    <DashboardShell m={m} lang={lang} current="overview" path="/">
      <div className="row">
        <h1 style={{ margin: 0 }}>{m.overview.title}</h1>
        <span className="spacer" style={{ flex: 1 }} />
        {overview.routes.length ? <ProbeButton labels={probeLabels(m, lang, true)} lang={lang} /> : null}
      </div>
      <MaintenanceNotice windows={listMaintenanceWindows(service.sqlite, service.config.maintenance, now)} now={now} m={m} />
      {overview.routes.length === 0 ? (
        <section className="panel" style={{ marginTop: "1rem" }} data-testid="empty-state">
          <h2 style={{ marginTop: 0 }}>{m.overview.emptyTitle}</h2>
          <p>{m.overview.emptyBody}</p>
          <p className="row">
            <Link className="button" href="/targets">
              {m.overview.addTarget}
            </Link>
            <Link className="button secondary" href="/proxies">
              {m.overview.addProxy}
            </Link>
          </p>
          <p className="muted small">{m.overview.emptyFile}</p>
        </section>
      ) : (
        <>
          <RouteFilterForm filter={filter} targets={names((route) => route.targetName)} proxies={names((route) => route.proxyName)} m={m} filtering={filtering} />
          {filtering ? (
            <p className="muted small" role="status" data-testid="filter-count">
              {m.overview.filter.shown.replace("{shown}", String(routes.length)).replace("{total}", String(overview.routes.length))}
            </p>
          ) : null}
          {routes.length === 0 ? (
            <section className="panel" style={{ marginTop: "1rem" }} data-testid="no-match">
              <p style={{ marginTop: 0 }}>{m.overview.filter.noMatch}</p>
              <p>
                <Link href="/">{m.overview.filter.clear}</Link>
              </p>
            </section>
          ) : (
            <table className="data responsive" style={{ marginTop: "1rem" }}>
              <thead>
                <tr>
                  <th scope="col">{m.overview.route}</th>
                  <th scope="col">{m.overview.state}</th>
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
                      <Link className="route-name" href={`/routes/${route.id}`}>
                        {route.targetName} <span className="muted">{m.overview.via}</span> {route.proxyName}
                      </Link>
                      <div className="muted small">
                        {m.overview.lastProbe}: {formatAgo(route.last?.at ?? null, now, lang) ?? m.overview.never}
                      </div>
                    </td>
                    <td data-label={m.overview.state}>
                      <StateBadge state={route.state} m={m} />
                    </td>
                    <td data-label={m.overview.uptime24h}>
                      <UptimeBar slots={route.uptimeBar} m={m} lang={lang} />
                      <div className="muted small">{formatPercent(route.windows["24h"].uptime)}</div>
                    </td>
                    <td data-label={m.overview.latency} className="mono small nowrap">
                      p50 {formatMs(route.windows["1h"].p50)}
                      <br />
                      p95 {formatMs(route.windows["1h"].p95)}
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
                      <ProbeButton routeId={route.id} labels={probeLabels(m, lang, false)} lang={lang} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {overview.quotas.length ? (
        <>
          <h2>{m.quota.title}</h2>
          <div className="grid">
            {overview.quotas.map((quota) => (
              <QuotaPanel key={quota.targetId} quota={quota} m={m} lang={lang} now={now} />
            ))}
          </div>
        </>
      ) : null}
    </DashboardShell>
  );
}
