import type { Metadata } from "next";
import { TargetManager } from "@/components/management/target-manager";
import { openDashboardPage } from "@/lib/auth/page-session";
import { listLocationNames } from "@/lib/locations/list-location-names";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { listTargets } from "@/lib/management/list-targets";
import { probeLabels } from "@/lib/ui/probe-labels";
import { HealthTable } from "@/components/route-control/health-table";
import { getHealthAtAGlance } from "@/lib/dashboard/summarize-health";
import { describeProviders } from "@/lib/providers/describe-providers";
import { TargetTokensTable } from "@/components/management/target-tokens-table";

export const metadata: Metadata = { title: "Targets" };
export const dynamic = "force-dynamic";

export default async function TargetsPage() {
  const { m, lang, service } = await openDashboardPage("/targets");
  const targets = await listTargets(service.db, service.box);
  return (
    <DashboardShell m={m} lang={lang} current="targets" path="/targets">
      <h1>{m.manage.targets}</h1>
      <HealthTable kind="target" items={targets.map((target) => ({ ...target, latency: { thresholdMs: target.latencyThresholdMs, window: target.latencyWindow, readOnly: target.readOnly } }))} health={await getHealthAtAGlance(service.store, "target")} m={m} lang={lang} />
      <TargetManager locations={{ names: await listLocationNames(service.db), labels: m.locations }} targets={targets} providers={describeProviders()} lang={lang} labels={{ ...m.manage, outcome: probeLabels(m, lang, false), providerFields: m.providerFields, probeCost: m.probeCost }} />
      <TargetTokensTable targets={targets} m={m} />
    </DashboardShell>
  );
}
