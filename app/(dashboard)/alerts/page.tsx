import type { Metadata } from "next";
import { AlertRulesForm } from "@/components/alerts/alert-rules-form";
import { ChannelManager } from "@/components/alerts/channel-manager";
import { MaintenanceManager } from "@/components/alerts/maintenance-manager";
import { StatusPageForm } from "@/components/settings/status-page-form";
import { openDashboardPage } from "@/lib/auth/page-session";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { listMaintenanceWindows } from "@/lib/maintenance/maintenance-windows";
import { listChannels } from "@/lib/notifications/manage-channels";
import { channelForms } from "@/lib/notifications/channel-registry";
import { effectiveAlertRules } from "@/lib/settings/alert-rules";
import { effectiveStatusPageOptions } from "@/lib/settings/status-page-options";
import { listDeliveries } from "@/lib/notifications/outbox";
import { LocalTime } from "@/components/time/local-time";
import type { Messages } from "@/lib/i18n/messages";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

export default async function AlertsPage() {
  const { m, lang, service } = await openDashboardPage("/alerts");
  const channels = await listChannels(service.db, service.box);
  const deliveries = await listDeliveries(service.store.outbox, 50);
  const rules = await effectiveAlertRules(service.db, service.config);
  const statusPage = await effectiveStatusPageOptions(service.db, service.config);
  return (
    <DashboardShell m={m} lang={lang} current="alerts" path="/alerts">
      <h1>{m.alerts.channels}</h1>
      <ChannelManager channels={channels} forms={channelForms()} channelLabels={m.channelForm} labels={{ ...m.alerts, name: m.manage.name, create: m.manage.create, cancel: m.manage.cancel, remove: m.manage.remove, confirmRemove: m.manage.confirmRemove, fromFile: m.manage.fromFile }} />
      <h2>{m.alerts.rules}</h2>
      <AlertRulesForm rules={rules.rules} readOnly={rules.source === "file"} labels={{ ...m.alerts, save: m.manage.save, saved: m.manage.saved }} />
      <h2>{m.alerts.maintenance}</h2>
      <p className="muted small">{m.alerts.maintenanceHelp}</p>
      <MaintenanceManager windows={await listMaintenanceWindows(service.db, service.config.maintenance)} labels={{ ...m.alerts, remove: m.manage.remove, fromFile: m.manage.fromFile }} repeatLabels={m.statusExport} />
      <h2>{m.statusExport.statusPage}</h2>
      <StatusPageForm options={statusPage.options} readOnly={statusPage.source === "file"} labels={{ ...m.statusExport, save: m.manage.save, saved: m.manage.saved }} />
      <h2>{m.alerts.deliveries}</h2>
      {deliveries.length === 0 ? (
        <p className="muted">{m.alerts.noDeliveries}</p>
      ) : (
        <table className="data responsive" data-testid="delivery-log">
          <thead>
            <tr>
              <th scope="col">{m.alerts.when}</th>
              <th scope="col">{m.alerts.event}</th>
              <th scope="col">{m.alerts.destination}</th>
              <th scope="col">{m.alerts.status}</th>
              <th scope="col">{m.alerts.attempts}</th>
              <th scope="col">{m.alerts.error}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td data-label={m.alerts.when} className="mono small">
                  <LocalTime iso={delivery.createdAt} />
                </td>
                <td data-label={m.alerts.event} className="kind">
                  {delivery.event}
                </td>
                <td data-label={m.alerts.destination}>
                  {delivery.channel} <span className="muted">{delivery.channelType}</span>
                </td>
                <td data-label={m.alerts.status}>
                  <span className={`state ${delivery.status === "sent" ? "state-up" : delivery.status === "failed" ? "state-down" : "state-degraded"}`}>{deliveryStateWord(delivery.status, m)}</span>
                </td>
                <td data-label={m.alerts.attempts} className="mono">
                  {delivery.attempts}
                </td>
                <td data-label={m.alerts.error} className="small">
                  {delivery.lastError ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DashboardShell>
  );
}

/** A delivery's status in the page's language (the stored words are English). */
function deliveryStateWord(status: string, m: Messages): string {
  const words: Record<string, string> = { pending: m.alerts.deliveryPending, sending: m.alerts.deliverySending, sent: m.alerts.deliverySent, failed: m.alerts.deliveryFailed };
  return words[status] ?? status;
}
