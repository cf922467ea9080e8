import type { MonitorService } from "../monitoring/monitor-service";
import { ForbiddenError } from "../http/app-error";
import { clearSessionCookie, endSession, isSameOrigin, readCookie, SESSION_COOKIE } from "./session";

/**
 * Ends the request's dashboard session on the server and returns the
 * Set-Cookie header that clears it. Only a page of this origin may log the
 * browser out (another site must not be able to sign the admin out at will).
 */
export async function logOut(request: Request, service: MonitorService): Promise<string> {
  if (!isSameOrigin(request)) {
    throw new ForbiddenError("csrf_failed", "Logging out must come from a ProxyPulse page (the request's origin is missing or foreign).");
  }
  await endSession(service.db, readCookie(request.headers.get("cookie"), SESSION_COOKIE));
  return clearSessionCookie();
}
