import type { Metadata } from "next";
import { ProxyManager } from "@/components/management/proxy-manager";
import { openDashboardPage } from "@/lib/auth/page-session";
import { listLocationNames } from "@/lib/locations/list-location-names";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { listProxies } from "@/lib/management/list-proxies";
import { probeLabels } from "@/lib/ui/probe-labels";
import { HealthTable } from "@/components/route-control/health-table";
import { getHealthAtAGlance } from "@/lib/dashboard/summarize-health";

export const metadata: Metadata = { title: "Proxies" };
export const dynamic = "force-dynamic";

export default async function ProxiesPage() {
  const { m, lang, service } = await openDashboardPage("/proxies");
  const proxies = await listProxies(service.db);
  const targets = (await service.db.target.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } })).map((t) => ({ id: t.id, name: t.name }));
  return (
    <DashboardShell m={m} lang={lang} current="proxies" path="/proxies">
      <h1>{m.manage.proxies}</h1>
      <HealthTable kind="proxy" items={proxies} health={await getHealthAtAGlance(service.store, "proxy")} m={m} lang={lang} />
      <ProxyManager locations={{ names: await listLocationNames(service.db), labels: m.locations }} proxies={proxies} targets={targets} lang={lang} labels={{ ...m.manage, outcome: probeLabels(m, lang, false) }} />
    </DashboardShell>
  );
}
