import * as z from "zod";
import type { Sqlite } from "../db/sqlite";
import { TimeParam } from "../http/query-params";
import { getRouteOrThrow } from "../monitoring/route-queries";
import { csvRow, safeFileName } from "./csv-cell";

const DAY_MS = 86_400_000;
const RANGES = { "1h": 3_600_000, "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS, "90d": 90 * DAY_MS } as const;
/** Rows read per query: memory stays flat however long the range. */
export const EXPORT_PAGE_ROWS = 1000;

/** `?range=24h|7d|…` (up to now) or `?from=&to=` (either may be left out: 24 h up to now), at most 400 days. */
export const RouteExportQuery = z
  .object({
    range: z.enum(Object.keys(RANGES) as [keyof typeof RANGES, ...Array<keyof typeof RANGES>], { message: `range is one of ${Object.keys(RANGES).join(", ")}` }).optional(),
    from: TimeParam.optional(),
    to: TimeParam.optional(),
  })
  .strict()
  .refine((query) => !(query.range && (query.from !== undefined || query.to !== undefined)), { message: "give range or from/to, not both", path: ["range"] })
  .transform((query, ctx) => {
    const to = query.to ?? Date.now();
    const from = query.range ? to - RANGES[query.range] : (query.from ?? to - DAY_MS);
    if (from >= to) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    else if (to - from > 400 * DAY_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "the range is at most 400 days" });
    return { from, to };
  });

export const EXPORT_COLUMNS = ["time", "ok", "kind", "layer", "httpStatus", "apiErrorCode", "totalMs", "dnsMs", "connectMs", "tunnelMs", "tlsMs", "ttfbMs", "requestId", "message"] as const;

interface Row {
  id: number;
  at: number;
  ok: number;
  kind: string;
  layer: string | null;
  httpStatus: number | null;
  apiErrorCode: string | null;
  totalMs: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tunnelMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  requestId: string | null;
  message: string | null;
}

/**
 * A route's raw results in [from, to), oldest first, as a CSV download that
 * is streamed page by page (keyset on at, id): a year of results never sits
 * in memory at once. Throws NotFoundError for an unknown route before any
 * byte is sent, so that is still a JSON 404.
 */
export function exportRouteCsv(db: Sqlite, routeId: number, query: unknown): Response {
  const { from, to } = RouteExportQuery.parse(query);
  const route = getRouteOrThrow(db, routeId);
  const page = db.prepare(
    `SELECT id, at, ok, kind, layer, httpStatus, apiErrorCode, totalMs, dnsMs, connectMs, tunnelMs, tlsMs, ttfbMs, requestId, message
       FROM "ProbeResult" WHERE routeId = ? AND at < ? AND (at > ? OR (at = ? AND id > ?))
      ORDER BY at, id LIMIT ${EXPORT_PAGE_ROWS}`,
  );
  // Just before the first row: at > from - 1 is at >= from (times are whole milliseconds).
  let cursor = { at: from - 1, id: Number.MAX_SAFE_INTEGER };
  let header = true;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = header ? csvRow([...EXPORT_COLUMNS]) : "";
      header = false;
      const rows = page.all(routeId, to, cursor.at, cursor.at, cursor.id) as Row[];
      for (const row of rows) {
        text += csvRow([new Date(row.at).toISOString(), row.ok === 1, row.kind, row.layer, row.httpStatus, row.apiErrorCode, row.totalMs, row.dnsMs, row.connectMs, row.tunnelMs, row.tlsMs, row.ttfbMs, row.requestId, row.message]);
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
