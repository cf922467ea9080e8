import * as z from "zod";
import type { Store } from "../db/store/store";
import { TimeParam } from "../http/query-params";
import { getRouteOrThrow } from "../monitoring/route-queries";
import { RANGES, rangeWindow, type RangeName } from "../dashboard/get-route-detail";
import { csvRow, safeFileName } from "./csv-cell";

const DAY_MS = 86_400_000;
/** Besides the route page's ranges (exported exactly as the page shows them), a longer one for downloads only. */
const EXPORT_ONLY_RANGES = { "90d": 90 * DAY_MS } as const;
const RANGE_NAMES = [...Object.keys(RANGES), ...Object.keys(EXPORT_ONLY_RANGES)] as [string, ...string[]];
/** Rows read per query: memory stays flat however long the range. */
export const EXPORT_PAGE_ROWS = 1000;

/** `?range=24h|7d|…` (up to now) or `?from=&to=` (either may be left out: 24 h up to now), at most 400 days. */
export const RouteExportQuery = z
  .object({
    range: z.enum(RANGE_NAMES, { message: `range is one of ${RANGE_NAMES.join(", ")}` }).optional(),
    from: TimeParam.optional(),
    to: TimeParam.optional(),
  })
  .strict()
  .refine((query) => !(query.range && (query.from !== undefined || query.to !== undefined)), { message: "give range or from/to, not both", path: ["range"] })
  .transform((query, ctx) => {
    const now = Date.now();
    // The page's ranges end with their current step, as the page's charts and failure list do.
    if (query.range) return query.range in RANGES ? rangeWindow(query.range as RangeName, now) : { from: now - EXPORT_ONLY_RANGES["90d"], to: now };
    const to = query.to ?? now;
    const from = query.from ?? to - DAY_MS;
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    else if (to - from > 400 * DAY_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "the range is at most 400 days" });
    return { from, to };
  });

export const EXPORT_COLUMNS = ["time", "ok", "kind", "layer", "httpStatus", "apiErrorCode", "totalMs", "dnsMs", "connectMs", "tunnelMs", "tlsMs", "ttfbMs", "requestId", "message"] as const;

/**
 * A route's raw results in [from, to), oldest first, as a CSV download that
 * is streamed page by page (keyset on at, id): a year of results never sits
 * in memory at once. Throws NotFoundError for an unknown route before any
 * byte is sent, so that is still a JSON 404.
 */
export async function exportRouteCsv(store: Store, routeId: number, query: unknown): Promise<Response> {
  const { from, to } = RouteExportQuery.parse(query);
  const route = await getRouteOrThrow(store, routeId);
  // Just before the first row: at > from - 1 is at >= from (times are whole milliseconds).
  let cursor = { at: from - 1, id: Number.MAX_SAFE_INTEGER };
  let header = true;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = header ? csvRow([...EXPORT_COLUMNS]) : "";
      header = false;
      const rows = await store.history.listExportPage({ routeId, to, after: cursor, limit: EXPORT_PAGE_ROWS });
      for (const row of rows) {
        text += csvRow([new Date(row.at).toISOString(), row.ok, row.kind, row.layer, row.httpStatus, row.apiErrorCode, row.totalMs, row.dnsMs, row.connectMs, row.tunnelMs, row.tlsMs, row.ttfbMs, row.requestId, row.message]);
      }
      if (text) controller.enqueue(encoder.encode(text));
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE_ROWS) controller.close();
      else cursor = { at: last.at, id: last.id };
    },
  });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  const name = safeFileName(`proxypulse-${route.targetName}-via-${route.proxyName}-${day(from)}-${day(to)}`) + ".csv";
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
