import type { Metadata } from "next";
import { UptimeBar } from "@/components/overview/uptime-bar";
import { StateBadge } from "@/components/state-badge";
import { requestLang } from "@/lib/i18n/request-lang";
import { getMonitorService } from "@/lib/monitoring/monitor-instance";
import { getStatusPage } from "@/lib/status/get-status-page";
import { formatDuration, formatMs, formatPercent, formatTimestamp } from "@/lib/ui/format-time";
import { kindTitle } from "@/lib/ui/kind-text";

export const metadata: Metadata = { title: "Status" };
export const dynamic = "force-dynamic";

/**
 * The shared ops status page: public, server-rendered, no client JavaScript,
 * refreshing itself. It shows names and health only: no hosts, ports,
 * credentials or keys are read to build it.
 */
export default async function StatusPage() {
  const { m, lang } = await requestLang();
  const service = await getMonitorService();
  const page = getStatusPage(service.sqlite);
  return (
    <main>
      <meta httpEquiv="refresh" content="60" />
      <h1>
        {m.appName} · {m.status.title}
      </h1>
      <div className={`status-head state-${page.overall}`} data-testid="overall">
        {m.status.overall[page.overall]}
      </div>
      <p className="muted small">
        {m.status.updated} {formatTimestamp(page.updatedAt)} · {m.status.refresh} ·{" "}
        <a href={`/api/preferences?lang=${lang === "zh" ? "en" : "zh"}&back=/status`}>{m.nav.language}</a>
      </p>
      <section className="panel">
        {page.routes.map((route) => (
          <div key={route.id} className="status-route" data-testid="status-route">
            <div className="row">
              <strong>{route.name}</strong>
              <StateBadge state={route.state} m={m} />
              <span style={{ flex: 1 }} />
              <span className="muted small">
                {m.status.current}: {formatMs(route.p50Ms1h)} · 24h {formatPercent(route.uptime24h)}
              </span>
            </div>
            <UptimeBar
              long
              m={m}
              lang={lang}
              slots={(page.days[route.id] ?? []).map((day) => ({ start: day.day, total: day.total, ok: day.ok, topKind: null, label: day.day }))}
            />
            <div className="row muted small" style={{ justifyContent: "space-between" }}>
              <span>{m.status.uptime90d}</span>
              <span>{formatPercent(sumUptime(page.days[route.id] ?? []))}</span>
            </div>
          </div>
        ))}
      </section>
      <h2>{m.status.incidents}</h2>
      {page.incidents.length === 0 ? (
        <p className="muted">{m.status.noIncidents}</p>
      ) : (
        <ul data-testid="incidents">
          {page.incidents.map((incident) => (
            <li key={`${incident.routeName}-${incident.start}`}>
              <strong>{incident.routeName}</strong>: {formatTimestamp(incident.start)} · {incident.end ? `${m.status.lasted} ${formatDuration(incident.durationMs, lang)}` : m.status.ongoing}
              {incident.kind ? ` · ${m.status.cause}: ${kindTitle(incident.kind, lang)}` : ""}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function sumUptime(days: Array<{ total: number; ok: number }>): number | null {
  const total = days.reduce((sum, day) => sum + day.total, 0);
  return total ? days.reduce((sum, day) => sum + day.ok, 0) / total : null;
}
