import type { Metadata } from "next";
import { DemoBanner } from "@/components/layout/demo-banner";
import { TopBar } from "@/components/layout/top-bar";
import { TargetManager } from "@/components/management/target-manager";
import { requireDashboardSession } from "@/lib/auth/page-session";
import { requestLang } from "@/lib/i18n/request-lang";
import { listTargets } from "@/lib/management/list-targets";
import { getMonitorService } from "@/lib/monitoring/monitor-instance";
import { probeLabels } from "@/lib/ui/probe-labels";

export const metadata: Metadata = { title: "Targets" };
export const dynamic = "force-dynamic";

export default async function TargetsPage() {
  await requireDashboardSession("/targets");
  const { m, lang } = await requestLang();
  const service = await getMonitorService();
  const targets = await listTargets(service.db, service.box);
  return (
    <>
      <TopBar m={m} lang={lang} current="targets" path="/targets" />
      <DemoBanner m={m} />
      <main>
        <h1>{m.manage.targets}</h1>
        <TargetManager targets={targets} lang={lang} labels={{ ...m.manage, kindTitles: probeLabels(m, lang, false).kindTitles }} />
      </main>
    </>
  );
}
