import * as z from "zod";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsOf, TimeParam } from "@/lib/http/query-params";
import { listIncidents } from "@/lib/incidents/list-incidents";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const IncidentsQuery = z
  .object({
    from: TimeParam.optional(),
    to: TimeParam.optional(),
    limit: z.string().regex(/^\d+$/, "limit must be a whole number").transform(Number).pipe(z.number().min(1).max(500)).optional(),
  })
  .strict();

/** Public, like the status page: route names, times, durations, kinds and notes. */
export const GET = apiHandler("public", async (request, { service }) => {
  const query = IncidentsQuery.parse(searchParamsOf(request));
  const to = query.to ?? Date.now() + 1;
  const from = query.from ?? to - 90 * 86_400_000;
  return { incidents: await listIncidents(service.store, { from, to, limit: query.limit ?? 100 }) };
});
