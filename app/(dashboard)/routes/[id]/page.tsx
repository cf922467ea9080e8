import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentNote } from "@/components/alerts/incident-note";
import { ChartFailuresByKind } from "@/components/charts/chart-failures-by-kind";
import { ChartLatencyPhases } from "@/components/charts/chart-latency-phases";
import { ChartSuccessRate } from "@/components/charts/chart-success-rate";
import { QuotaPanel } from "@/components/overview/quota-panel";
import { RouteControlsPanel } from "@/components/route-control/route-controls-panel";
import { ProbeButton } from "@/components/probe/probe-button";
import { StateBadge } from "@/components/state-badge";
import { openDashboardPage } from "@/lib/auth/page-session";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { getRouteDetail, parseRange, RANGES } from "@/lib/dashboard/get-route-detail";
import { listIncidents } from "@/lib/incidents/list-incidents";
import { formatMs, formatPercent, formatTimestamp } from "@/lib/ui/format-time";
import { kindHint, kindTitle } from "@/lib/ui/kind-text";
import { probeLabels } from "@/lib/ui/probe-labels";

export const metadata: Metadata = { title: "Route" };
export const dynamic = "force-dynamic";

export default async function RouteDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string }> }) {
  const { id } = await params;
  const { range: rangeParam } = await searchParams;
  const { m, lang, service } = await openDashboardPage(`/routes/${id}`);
  if (!/^\d+$/.test(id)) notFound();
  const range = parseRange(rangeParam);
  let detail;
  try {
    detail = getRouteDetail(service.sqlite, Number(id), range);
  } catch {
    notFound();
  }
  const { route, series, failures, quota } = detail;
  const incidents = listIncidents(service.sqlite, { from: Date.now() - 90 * 86_400_000, to: Date.now() + 1, limit: 20, routeIds: [route.id] });
  const short = range === "1h" || range === "24h";
  const label = (iso: string) => (short ? iso.slice(11, 16) : iso.slice(5, 13).replace("T", " ") + "h");
  const phasePoints = series.points.map((point) => ({
    label: label(point.t),
    dns: point.phases?.dns ?? null,
    connect: point.phases?.connect ?? null,
    tunnel: point.phases?.tunnel ?? null,
    tls: point.phases?.tls ?? null,
    ttfb: point.phases?.ttfb ?? null,
    transfer: point.phases?.transfer ?? null,
    p95: point.p95,
  }));
  const ratePoints = series.points.map((point) => ({ label: label(point.t), rate: point.uptime === null ? null : Math.round(point.uptime * 10_000) / 100 }));
  const failureKinds = [...new Set(series.points.flatMap((point) => Object.keys(point.kinds).filter((kind) => kind !== "ok")))].sort();
  const failurePoints = series.points.map((point) => ({ label: label(point.t), ...Object.fromEntries(failureKinds.map((kind) => [kind, point.kinds[kind] ?? 0])) }));
  const totals = series.points.reduce((sum, point) => ({ total: sum.total + point.total, ok: sum.ok + point.ok }), { total: 0, ok: 0 });
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
        <span style={{ flex: 1 }} />
        <ProbeButton routeId={route.id} labels={probeLabels(m, lang, false)} lang={lang} />
      </div>
      <div className="row" style={{ marginTop: "0.8rem" }}>
        <nav className="range" aria-label={m.detail.range}>
          {(Object.keys(RANGES) as Array<keyof typeof RANGES>).map((name) => (
            <Link key={name} href={`/routes/${id}?range=${name}`} aria-current={name === range ? "true" : undefined}>
              {name}
            </Link>
          ))}
        </nav>
        <span className="muted small">
          {m.detail.uptime} {formatPercent(totals.total ? totals.ok / totals.total : null)} · {m.detail.p50} {formatMs(route.windows["1h"].p50)} · {m.detail.p95} {formatMs(route.windows["1h"].p95)} (1h)
        </span>
      </div>
      <RouteControlsPanel route={route} m={m} defaultIntervalSeconds={service.config.intervalSeconds} />
      {totals.total === 0 ? <p className="muted">{m.detail.noData}</p> : null}
      {route.skippedSlots > 0 ? <p className="small error-text">{route.skippedSlots} {m.detail.skippedSlots}</p> : null}
      <h2>{m.detail.latency}</h2>
      <section className="panel">
        <ChartLatencyPhases points={phasePoints} labels={m.detail.phases} {...(route.latency.thresholdMs !== null ? { threshold: { ms: route.latency.thresholdMs, label: m.routeControl.thresholdLine.replace("{ms}", String(route.latency.thresholdMs)) } } : {})} />
      </section>
      <h2>{m.detail.successRate}</h2>
      <section className="panel">
        <ChartSuccessRate points={ratePoints} label={m.detail.successRate} />
      </section>
      <h2>{m.detail.failures}</h2>
      <section className="panel">
        <ChartFailuresByKind points={failurePoints} kinds={failureKinds.map((kind) => ({ kind, title: kindTitle(kind, lang) }))} label={m.detail.failures} />
      </section>
      <h2>{m.detail.recentFailures}</h2>
      {failures.length === 0 ? (
        <p className="muted">{m.detail.noFailures}</p>
      ) : (
        <table className="data responsive" data-testid="failures-table">
          <thead>
            <tr>
              <th scope="col">{m.detail.time}</th>
              <th scope="col">{m.detail.kind}</th>
              <th scope="col">{m.detail.status}</th>
              <th scope="col">{m.detail.message}</th>
              <th scope="col">{m.detail.hint}</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((failure) => (
              <tr key={failure.id}>
                <td data-label={m.detail.time} className="mono small">
                  {formatTimestamp(failure.at)}
                </td>
                <td data-label={m.detail.kind}>
                  <strong>{kindTitle(failure.kind, lang)}</strong>
                  <div className="kind muted">{failure.kind}</div>
                </td>
                <td data-label={m.detail.status} className="mono">
                  {failure.httpStatus ?? "–"}
                </td>
                <td data-label={m.detail.message} className="small">
                  {failure.message}
                </td>
                <td data-label={m.detail.hint} className="hint">
                  {kindHint(failure.kind, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {incidents.length ? (
        <>
          <h2>{m.alerts.incidents}</h2>
          <table className="data responsive" data-testid="incidents-table">
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id}>
                  <td className="mono small">
                    {formatTimestamp(incident.startedAt)} → {incident.endedAt ? formatTimestamp(incident.endedAt) : m.status.ongoing}
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
    </DashboardShell>
  );
}
