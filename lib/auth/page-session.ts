import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getMonitorService } from "../monitoring/monitor-instance";
import { SESSION_COOKIE, verifySessionValue } from "./session";

/** For dashboard pages: the visitor has a session, or is sent to the login page. */
export async function requireDashboardSession(returnTo: string): Promise<void> {
  const service = await getMonitorService();
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!verifySessionValue(value, service.adminToken)) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
}
