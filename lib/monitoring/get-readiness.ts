import { getMonitorService } from "./monitor-instance";
import { checkReadiness, type Readiness } from "./readiness";

/** /readyz: the process's readiness and the HTTP status a supervisor acts on (200 or 503). */
export async function getReadiness(now = Date.now()): Promise<{ httpStatus: 200 | 503; body: Readiness | { status: "fail"; checks: { service: { ok: false } } } }> {
  const service = await getMonitorService().catch(() => null);
  if (!service) return { httpStatus: 503, body: { status: "fail", checks: { service: { ok: false } } } };
  const readiness = await checkReadiness(service.health, now);
  return { httpStatus: readiness.status === "ok" ? 200 : 503, body: readiness };
}
