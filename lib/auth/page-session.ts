import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requestLang } from "../i18n/request-lang";
import { getMonitorService } from "../monitoring/monitor-instance";
import type { MonitorService } from "../monitoring/monitor-service";
import { SESSION_COOKIE, verifySession } from "./session";

/**
 * What every dashboard page starts with: the visitor has a session (or is
 * sent to the login page), then the page's language and the service.
 */
export async function openDashboardPage(returnTo: string): Promise<{ service: MonitorService } & Awaited<ReturnType<typeof requestLang>>> {
  const service = await getMonitorService();
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!(await verifySession(service.db, value, service.adminToken))) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return { service, ...(await requestLang()) };
}
