import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { MaintenanceNotice } from "@/components/alerts/maintenance-notice";
import { QuotaSection } from "@/components/overview/quota-section";
import { RouteFilterForm } from "@/components/overview/route-filter-form";
import { RoutePager } from "@/components/overview/route-pager";
import { RouteStateCounts } from "@/components/overview/route-state-counts";
import { RouteTable } from "@/components/overview/route-table";
import { ProbeButton } from "@/components/probe/probe-button";
import { openDashboardPage } from "@/lib/auth/page-session";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { canonicalRedirect, isFiltering, overviewHref, parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import { getOverview } from "@/lib/dashboard/get-overview";
import { listMaintenanceWindows } from "@/lib/maintenance/maintenance-windows";
import { probeLabels } from "@/lib/ui/probe-labels";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const filter = parseOverviewFilter(query);
  const { m, lang, service } = await openDashboardPage(overviewHref(filter));
  const overview = await getOverview(service.store, filter, Date.now(), service.config.minLocations ?? null);
  const canonical = canonicalRedirect(query, overviewHref({ ...filter, page: overview.page }));
  if (canonical) redirect(canonical);
  const filtering = isFiltering(filter);
  const routes = overview.routes;
  const now = Date.parse(overview.now);
  return (
    <DashboardShell m={m} lang={lang} current="overview" path="/">
      <div className="row">
        <h1 style={{ margin: 0 }}>{m.overview.title}</h1>
        <span className="spacer" style={{ flex: 1 }} />
        {overview.all ? <ProbeButton labels={probeLabels(m, lang, true)} lang={lang} /> : null}
      </div>
      <MaintenanceNotice windows={await listMaintenanceWindows(service.db, service.config.maintenance, now)} now={now} m={m} />
      {overview.all === 0 ? (
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
          <RouteStateCounts counts={overview.counts} all={overview.all} filter={filter} m={m} lang={lang} />
          <RouteFilterForm filter={filter} targets={overview.names.targets} proxies={overview.names.proxies} m={m} filtering={filtering} />
          {filtering ? (
            <p className="muted small" role="status" data-testid="filter-count">
              {m.overview.filter.shown.replace("{shown}", String(overview.matching)).replace("{total}", String(overview.all))}
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
            <>
              <RouteTable routes={routes} m={m} lang={lang} now={now} locations={overview.locations} />
              <RoutePager filter={{ ...filter, page: overview.page }} page={overview.page} pages={overview.pages} matching={overview.matching} shown={routes.length} m={m} lang={lang} />
            </>
          )}
        </>
      )}
      <QuotaSection quotas={overview.quotas} m={m} lang={lang} now={now} />
    </DashboardShell>
  );
}
