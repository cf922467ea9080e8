import type { Metadata } from "next";
import { DemoBanner } from "@/components/layout/demo-banner";
import { TopBar } from "@/components/layout/top-bar";
import { ProxyManager } from "@/components/management/proxy-manager";
import { requireDashboardSession } from "@/lib/auth/page-session";
import { requestLang } from "@/lib/i18n/request-lang";
import { listProxies } from "@/lib/management/list-proxies";
import { getMonitorService } from "@/lib/monitoring/monitor-instance";
import { probeLabels } from "@/lib/ui/probe-labels";

export const metadata: Metadata = { title: "Proxies" };
export const dynamic = "force-dynamic";

export default async function ProxiesPage() {
  await requireDashboardSession("/proxies");
  const { m, lang } = await requestLang();
  const service = await getMonitorService();
  const proxies = await listProxies(service.db);
  const targets = (await service.db.target.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } })).map((t) => ({ id: t.id, name: t.name }));
  return (
    <>
      <TopBar m={m} lang={lang} current="proxies" path="/proxies" />
      <DemoBanner m={m} />
      <main>
        <h1>{m.manage.proxies}</h1>
        <ProxyManager proxies={proxies} targets={targets} lang={lang} labels={{ ...m.manage, kindTitles: probeLabels(m, lang, false).kindTitles }} />
      </main>
    </>
  );
}
