import { bearerToken, tokensMatch } from "../auth/admin-token";
import type { MonitorService } from "../monitoring/monitor-service";
import { getMonitorService } from "../monitoring/monitor-instance";
import { isSameOrigin, readCookie, SESSION_COOKIE, verifySession } from "../auth/session";
import { ForbiddenError, UnauthorizedError, ValidationError } from "./app-error";
import { clientAddress } from "./client-address";
import { errorResponse } from "./error-response";
import { DEFAULT_BODY_LIMIT, readBodyText } from "./read-body";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json-depth";

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
      if (access === "admin") await requireAdmin(request, service);
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
 * so another site cannot make a logged-in browser do it (CSRF). Wrong bearer
 * tokens count against the same per-client budget as wrong logins.
 */
export async function requireAdmin(request: Request, service: MonitorService): Promise<void> {
  const token = bearerToken(request.headers.get("authorization"));
  if (token) {
    checkTokenGuess(request, service, () => tokensMatch(token, service.adminToken), "Too many wrong admin tokens from this address; try again in");
    return;
  }
  if (!(await verifySession(service.db, readCookie(request.headers.get("cookie"), SESSION_COOKIE), service.adminToken))) throw new UnauthorizedError();
  if (!SAFE_METHODS.has(request.method) && !isSameOrigin(request)) {
    throw new ForbiddenError("csrf_failed", "This change must come from a ProxyPulse page (the request's origin is missing or foreign).");
  }
}

/**
 * One guess at the admin token from this request's client: refused (429)
 * while the client has too many recent wrong guesses, and counted when wrong
 * (401). Keyed by the client's address (see client-address.ts), so guessing
 * from one address never locks out the admin at another.
 */
export function checkTokenGuess(request: Request, service: MonitorService, isRight: () => boolean, limitedMessage: string, wrongMessage?: string): void {
  const key = `token-guess:${clientAddress(request, service.env.PROXYPULSE_TRUST_PROXY)}`;
  service.loginLimiter.check(key, (wait) => `${limitedMessage} ${wait} s.`);
  if (isRight()) return;
  service.loginLimiter.record(key);
  throw new UnauthorizedError(wrongMessage);
}

/** Whether the request carries admin access (for public endpoints that show admins more). */
export async function isAdminRequest(request: Request, service: MonitorService): Promise<boolean> {
  try {
    await requireAdmin(request, service);
    return true;
  } catch {
    return false;
  }
}

/** The JSON body of a request (at most `limitBytes`, else 413), or a 400 that says it is not JSON. */
export async function readJson(request: Request, limitBytes: number = DEFAULT_BODY_LIMIT): Promise<unknown> {
  return parseJsonBody(await readBodyText(request, limitBytes));
}

/** A request body's text as JSON (empty: `{}`), or a 400 that says why not; nesting deeper than any API needs is refused before parsing. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new ValidationError(`The request body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels; no API takes that.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}
