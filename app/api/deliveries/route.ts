import * as z from "zod";
import { apiHandler } from "@/lib/http/api-handler";
import { searchParamsOf } from "@/lib/http/query-params";
import { listDeliveries } from "@/lib/notifications/outbox";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const DeliveriesQuery = z
  .object({ limit: z.string().regex(/^\d+$/, "limit must be a whole number").transform(Number).pipe(z.number().min(1).max(500)).optional() })
  .strict();

/** The delivery log: what was sent where, what failed and why, what waits for a retry. */
export const GET = apiHandler("admin", async (request, { service }) => ({
  deliveries: await listDeliveries(service.store.outbox, DeliveriesQuery.parse(searchParamsOf(request)).limit ?? 100),
}));
