import { exportRouteCsv } from "@/lib/export/export-route-csv";
import { apiHandler } from "@/lib/http/api-handler";
import { IdParam, searchParamsOf } from "@/lib/http/query-params";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A route's probe results as CSV: ?range=24h|7d|30d|90d or ?from=&to= (streamed). */
export const GET = apiHandler<{ id: string }>("admin", async (request, { service, params }) => exportRouteCsv(service.store, IdParam.parse(params).id, searchParamsOf(request)));
