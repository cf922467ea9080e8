import { apiHandler } from "@/lib/http/api-handler";
import { IdParam } from "@/lib/http/query-params";
import { getRouteOrThrow } from "@/lib/monitoring/route-queries";
import { renderBadge } from "@/lib/status/render-badge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A public SVG badge: the route's state and 24 h uptime (no names unless ?label= is given). */
export const GET = apiHandler<{ routeId: string }>("public", async (request, { service, params }) => {
  const { id } = IdParam.parse({ id: params.routeId });
  // A route probed from several locations: its state over them, as on the status page.
  const route = await getRouteOrThrow(service.store, id, service.config.minLocations ?? null);
  const label = new URL(request.url).searchParams.get("label")?.slice(0, 40) || "ProxyPulse";
  const svg = renderBadge(label, route.state, route.windows["24h"].uptime);
  return new Response(svg, { headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=60" } });
});
