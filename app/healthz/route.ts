export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Liveness, for supervisors and containers: the process answers requests.
// It touches nothing else (readiness is /readyz), so it stays cheap and public.
export async function GET(): Promise<Response> {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
