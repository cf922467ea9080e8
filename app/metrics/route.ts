import { apiHandler } from "@/lib/http/api-handler";
import { renderMetrics } from "@/lib/metrics/render-metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Prometheus scrapes with `authorization: { credentials: <admin token> }`.
export const GET = apiHandler("admin", async (_request, { service }) => {
  const { contentType, body } = await renderMetrics(service.store);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
