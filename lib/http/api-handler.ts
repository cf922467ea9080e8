import { bearerToken, tokensMatch } from "../auth/admin-token";
import type { MonitorService } from "../monitoring/monitor-service";
import { getMonitorService } from "../monitoring/monitor-instance";
import { isSameOrigin, readCookie, SESSION_COOKIE, verifySessionValue } from "../auth/session";
import { ForbiddenError, UnauthorizedError, ValidationError } from "./app-error";
import { errorResponse } from "./error-response";

export interface HandlerContext<P> {
  service: MonitorService;
  params: P;
}

type NextContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler: resolves the service, checks admin access when the
 * endpoint needs it, and maps any error to `{ error: { code, message } }`.
 * A plain value returned by the handler is sent as JSON.
 */
export function apiHandler<P = Record<string, never>>(
  access: "admin" | "public",
  handler: (request: Request, context: HandlerContext<P>) => Promise<unknown>,
) {
  return async (request: Request, context: NextContext<P>): Promise<Response> => {
    try {
      const service = await getMonitorService();
      if (access === "admin") requireAdmin(request, service);
      const result = await handler(request, { service, params: await context.params });
      return result instanceof Response ? result : Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Admin access: the bearer token (scripts, Prometheus) or the dashboard's
 * session cookie. A change made with the cookie must come from this origin,
 * so another site cannot make a logged-in browser do it (CSRF).
 */
export function requireAdmin(request: Request, service: MonitorService): void {
  const token = bearerToken(request.headers.get("authorization"));
  if (token) {
    if (!tokensMatch(token, service.adminToken)) throw new UnauthorizedError();
    return;
  }
  if (!verifySessionValue(readCookie(request.headers.get("cookie"), SESSION_COOKIE), service.adminToken)) throw new UnauthorizedError();
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    throw new ForbiddenError("csrf_failed", "This change must come from a ProxyPulse page (the request's origin is missing or foreign).");
  }
}

/** Whether the request carries admin access (for public endpoints that show admins more). */
export function isAdminRequest(request: Request, service: MonitorService): boolean {
  try {
    requireAdmin(request, service);
    return true;
  } catch {
    return false;
  }
}

/** The JSON body of a request, or a 400 that says it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}
