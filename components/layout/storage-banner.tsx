import type { Messages } from "@/lib/i18n/messages";
import { getMonitorService } from "@/lib/monitoring/monitor-instance";

/**
 * Says so when the database cannot be written (full disk, read-only file):
 * otherwise the pages would go on showing the last stored states as if they
 * were current. Reads the process's storage health: no query.
 */
export async function StorageBanner({ m }: { m: Messages }) {
  const service = await getMonitorService().catch(() => null);
  const status = service?.health.storage.status();
  if (!service || !status || status.ok) return null;
  const cause = [...new Set(status.failures.map((failure) => failure.cause))].join(", ");
  return (
    <div className="banner" role="alert" data-testid="storage-banner">
      {m.storageFailing.replace("{cause}", cause).replace("{held}", String(service.health.heldResults()))}
    </div>
  );
}
