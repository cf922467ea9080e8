import { tokensMatch } from "@/lib/auth/admin-token";
import { clearSessionCookie, createSessionValue, readCookie, SESSION_COOKIE, SESSION_TTL_MS, verifySessionValue } from "@/lib/auth/session";
import { UnauthorizedError, ValidationError } from "@/lib/http/app-error";
import { apiHandler } from "@/lib/http/api-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Whether this browser has a dashboard session. */
export const GET = apiHandler("public", async (request, { service }) => ({
  authenticated: verifySessionValue(readCookie(request.headers.get("cookie"), SESSION_COOKIE), service.adminToken),
}));

/**
 * Log in: the admin token, as JSON `{ token }` or from the login form (which
 * works without JavaScript: it is answered with a redirect).
 */
export const POST = apiHandler("public", async (request, { service }) => {
  const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  const fields = isForm ? Object.fromEntries(new URLSearchParams(await request.text())) : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
  const token = typeof fields.token === "string" ? fields.token.trim() : "";
  const next = typeof fields.next === "string" && /^\/(?!\/)/.test(fields.next) ? fields.next : "/";
  const client = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
  try {
    service.loginLimiter.take(`login:${client}`, (wait) => `Too many login attempts; try again in ${wait} s.`);
    if (!token) throw new ValidationError("Enter the admin token.");
    if (!tokensMatch(token, service.adminToken)) throw new UnauthorizedError("That is not the admin token.");
  } catch (error) {
    if (!isForm) throw error;
    const reason = error instanceof UnauthorizedError ? "wrong" : error instanceof ValidationError ? "empty" : "limited";
    return redirect(`/login?error=${reason}&next=${encodeURIComponent(next)}`);
  }
  const { value } = createSessionValue(service.adminToken);
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const cookie = `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure ? "; Secure" : ""}`;
  return isForm ? redirect(next, cookie) : new Response(null, { status: 204, headers: { "set-cookie": cookie } });
});

/** Log out. */
export const DELETE = apiHandler("public", async () => new Response(null, { status: 204, headers: { "set-cookie": clearSessionCookie() } }));

function redirect(location: string, cookie?: string): Response {
  return new Response(null, { status: 303, headers: { location, ...(cookie ? { "set-cookie": cookie } : {}) } });
}
