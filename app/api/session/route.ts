import { tokensMatch } from "@/lib/auth/admin-token";
import { createSession, readCookie, SESSION_COOKIE, sessionCookie, verifySession } from "@/lib/auth/session";
import { logOut } from "@/lib/auth/log-out";
import { isAppError, UnauthorizedError, ValidationError } from "@/lib/http/app-error";
import { apiHandler, checkTokenGuess } from "@/lib/http/api-handler";
import { LOGIN_BODY_LIMIT, readBodyText } from "@/lib/http/read-body";
import { sameOriginPath } from "@/lib/http/same-origin-path";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Whether this browser has a dashboard session. */
export const GET = apiHandler("public", async (request, { service }) => ({
  authenticated: await verifySession(service.db, readCookie(request.headers.get("cookie"), SESSION_COOKIE), service.adminToken),
}));

/**
 * Log in: the admin token, as JSON `{ token }` or from the login form (which
 * works without JavaScript: it is answered with a redirect).
 */
export const POST = apiHandler("public", async (request, { service }) => {
  const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  let next = "/";
  try {
    // A login is a few hundred bytes: refuse big bodies before reading them.
    const text = await readBodyText(request, LOGIN_BODY_LIMIT);
    const fields = isForm ? Object.fromEntries(new URLSearchParams(text)) : parseJsonObject(text);
    next = sameOriginPath(typeof fields.next === "string" ? fields.next : null, request.url);
    const token = typeof fields.token === "string" ? fields.token.trim() : "";
    if (!token) throw new ValidationError("Enter the admin token.");
    checkTokenGuess(request, service, () => tokensMatch(token, service.adminToken), "Too many login attempts; try again in", "That is not the admin token.");
  } catch (error) {
    if (!isForm || !isAppError(error) || error.status === 413) throw error;
    const reason = error instanceof UnauthorizedError ? "wrong" : error instanceof ValidationError ? "empty" : "limited";
    return redirect(`/login?error=${reason}&next=${encodeURIComponent(next)}`);
  }
  const { value } = await createSession(service.db, service.adminToken);
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const cookie = sessionCookie(value, secure);
  return isForm ? redirect(next, cookie) : new Response(null, { status: 204, headers: { "set-cookie": cookie } });
});

/** Log out (scripts and the dashboard's JavaScript); the form posts to /api/session/logout. */
export const DELETE = apiHandler("public", async (request, { service }) => {
  return new Response(null, { status: 204, headers: { "set-cookie": await logOut(request, service) } });
});

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = text.trim() === "" ? {} : JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function redirect(location: string, cookie?: string): Response {
  return new Response(null, { status: 303, headers: { location, ...(cookie ? { "set-cookie": cookie } : {}) } });
}
