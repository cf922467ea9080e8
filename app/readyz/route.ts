import { getReadiness } from "@/lib/monitoring/get-readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Readiness, for supervisors and load balancers: 200 when the database takes
// writes and probing runs (or stands by on purpose), 503 otherwise. Public:
// it names causes, never paths or secrets.
export async function GET(): Promise<Response> {
  const { httpStatus, body } = await getReadiness();
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store" } });
}
