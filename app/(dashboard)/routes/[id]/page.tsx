import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentNote } from "@/components/alerts/incident-note";
import { ChartFailuresByKind } from "@/components/charts/chart-failures-by-kind";
import { ChartLatencyPhases } from "@/components/charts/chart-latency-phases";
import { ChartSuccessRate } from "@/components/charts/chart-success-rate";
import { RangeSummary } from "@/components/charts/range-summary";
import { QuotaPanel } from "@/components/overview/quota-panel";
import { RouteControlsPanel } from "@/components/route-control/route-controls-panel";
import { ProbeButton } from "@/components/probe/probe-button";
import { RouteExportLink } from "@/components/routes/route-export-link";
import { RouteSlaTable } from "@/components/routes/route-sla-table";
import { locationQuery, RouteLocations } from "@/components/route-detail/route-locations";
import { ProbeKindLabel } from "@/components/routes/probe-kind-label";
import { StreamSection } from "@/components/routes/stream-section";
import { StateBadge } from "@/components/state-badge";
import { LocalTime } from "@/components/time/local-time";
import { openDashboardPage } from "@/lib/auth/page-session";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { chartPoints } from "@/lib/dashboard/chart-points";
import { getRouteDetail, parseRange, RANGES } from "@/lib/dashboard/get-route-detail";
import { RecentFailures } from "@/components/failures/recent-failures";
import { getRecentFailures, parseFailuresParams } from "@/lib/dashboard/get-recent-failures";
import { listIncidents } from "@/lib/incidents/list-incidents";
import { getMonthlyUptime } from "@/lib/monitoring/get-monthly-uptime";
import { formatMs, formatPercent } from "@/lib/ui/format-time";
import { kindTitle } from "@/lib/ui/kind-text";
import { probeLabels } from "@/lib/ui/probe-labels";

export const metadata: Metadata = { title: "Route" };
export const dynamic = "force-dynamic";

export default async function RouteDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string; view?: string; before?: string; location?: string }> }) {
  const { id } = await params;
  const { range: rangeParam, location: locationParam } = await searchParams;
  const { m, lang, service } = await openDashboardPage(`/routes/${id}`);
  if (!/^\d+$/.test(id)) notFound();
  const range = parseRange(rangeParam);
  let detail;
  try {
    detail = await getRouteDetail(service.store, Number(id), range, Date.now(), locationParam, service.config.minLocations ?? null);
  } catch {
    notFound();
  }
  const { route, series, quota, probe, view } = detail;
  const incidents = await listIncidents(service.store, { from: Date.now() - 90 * 86_400_000, to: Date.now() + 1, limit: 20, routeIds: [view.routeId] });
  const points = chartPoints(series);
  const axis = (unit: string) => ({ unit, timesIn: m.chartsTimes.timesIn });
  return (
    <DashboardShell m={m} lang={lang} current="routes" path={`/routes/${id}`}>
      <p className="small">
        <Link href="/">← {m.detail.back}</Link>
      </p>
      <div className="row">
        <h1 style={{ margin: 0 }}>
          {route.targetName} <span className="muted">{m.overview.via}</span> {route.proxyName}
        </h1>
        <StateBadge state={route.state} m={m} />
        <ProbeKindLabel provider={probe.provider} kind={probe.kind} />
        <span style={{ flex: 1 }} />
        <ProbeButton routeId={route.id} labels={probeLabels(m, lang, false)} lang={lang} />
      </div>
      <div className="row" style={{ marginTop: "0.8rem" }}>
        <nav className="range" aria-label={m.detail.range}>
          {(Object.keys(RANGES) as Array<keyof typeof RANGES>).map((name) => (
            <Link key={name} href={`/routes/${id}?${new URLSearchParams({ range: name, ...locationQuery(view.location) })}`} aria-current={name === range ? "true" : undefined}>
              {name}
            </Link>
          ))}
        </nav>
        <RangeSummary summary={series.summary} range={range} m={m} />
      </div>
      <RouteLocations route={route} selected={view.location} range={range} m={m} lang={lang} now={Date.now()} />
      <RouteControlsPanel route={route} m={m} defaultIntervalSeconds={service.config.intervalSeconds} />
      {series.summary.total === 0 ? <p className="muted">{m.detail.noData}</p> : null}
      {route.skippedSlots > 0 ? <p className="small error-text">{route.skippedSlots} {m.detail.skippedSlots}</p> : null}
      <h2>{m.detail.latency}</h2>
      <section className="panel">
        <ChartLatencyPhases points={points.phases} labels={m.detail.phases} axis={axis(m.chartsTimes.ms)} {...(route.latency.thresholdMs !== null ? { threshold: { ms: route.latency.thresholdMs, label: m.routeControl.thresholdLine.replace("{ms}", String(route.latency.thresholdMs)) } } : {})} />
      </section>
      {detail.stream ? <StreamSection points={detail.stream} m={m} /> : null}
      <h2>{m.detail.successRate}</h2>
      <section className="panel">
        <ChartSuccessRate points={points.rate} label={m.detail.successRate} axis={axis(m.chartsTimes.percent)} />
      </section>
      <h2>{m.detail.failures}</h2>
      <section className="panel">
        <ChartFailuresByKind points={points.failures} kinds={points.failureKinds.map((kind) => ({ kind, title: kindTitle(kind, lang) }))} label={m.detail.failures} axis={axis(m.chartsTimes.probes)} />
      </section>
      <RecentFailures failures={await getRecentFailures(service.store, view.routeId, { range, ...parseFailuresParams(await searchParams), retentionDays: service.config.retention.rawDays })} basePath={`/routes/${id}`} range={range} m={m} lang={lang} keep={locationQuery(view.location)} />
      {incidents.length ? (
        <>
          <h2>{m.alerts.incidents}</h2>
          <table className="data responsive" data-testid="incidents-table">
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id}>
                  <td className="mono small">
                    <LocalTime iso={incident.startedAt} /> → {incident.endedAt ? <LocalTime iso={incident.endedAt} /> : m.status.ongoing}
                  </td>
                  <td>{incident.kind ? kindTitle(incident.kind, lang) : "–"}</td>
                  <td>
                    <IncidentNote id={incident.id} note={incident.note} labels={m.alerts} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {quota ? (
        <>
          <h2>{m.quota.title}</h2>
          <QuotaPanel quota={quota} m={m} lang={lang} now={Date.now()} />
        </>
      ) : null}
      <RouteExportLink routeId={view.routeId} range={range} m={m} />
      <RouteSlaTable months={await getMonthlyUptime(service.store, view.routeId)} m={m} />
    </DashboardShell>
  );
}
