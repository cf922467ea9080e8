import type { Messages } from "@/lib/i18n/messages";

/** Downloads the route's raw results for the range on screen as CSV. */
export function RouteExportLink({ routeId, range, m }: { routeId: number; range: string; m: Messages }) {
  return (
    <p className="small">
      <a className="button" href={`/api/routes/${routeId}/export.csv?range=${encodeURIComponent(range)}`} download data-testid="export-csv">
        {m.statusExport.exportCsv} ({range})
      </a>{" "}
      <span className="muted">{m.statusExport.exportHelp}</span>
    </p>
  );
}
