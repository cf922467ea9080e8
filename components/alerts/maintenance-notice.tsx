import Link from "next/link";
import type { Messages } from "@/lib/i18n/messages";
import type { MaintenanceView } from "@/lib/maintenance/maintenance-windows";
import { LocalTime } from "@/components/time/local-time";

const AHEAD_MS = 7 * 86_400_000;

/** The overview's line about maintenance: windows in force now, and those starting within a week (a recurring window by its current or next occurrence). */
export function MaintenanceNotice({ windows, now, m }: { windows: MaintenanceView[]; now: number; m: Messages }) {
  const shown = windows.filter((window) => window.from && window.to && Date.parse(window.to) > now && Date.parse(window.from) <= now + AHEAD_MS);
  if (shown.length === 0) return null;
  return (
    <p className="small" data-testid="maintenance-notice">
      <Link href="/alerts">{m.statusExport.plannedMaintenance}</Link>:{" "}
      {shown.map((window, index) => (
        <span key={`${window.source}-${window.id ?? index}`}>
          {index ? " · " : ""}
          {Date.parse(window.from!) <= now ? <strong>{m.status.maintenance}</strong> : null} <span className="mono">{window.routes.join(", ")}</span> <LocalTime iso={window.from!} style="minute" /> → <LocalTime iso={window.to!} style="minute" />
          {window.note ? ` (${window.note})` : ""}
        </span>
      ))}
    </p>
  );
}
