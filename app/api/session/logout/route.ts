import { clearSessionCookie } from "@/lib/auth/session";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The log-out form: clear the session and go to the login page. */
export async function POST(): Promise<Response> {
  return new Response(null, {
    status: 303,
    headers: { location: "/login", "set-cookie": clearSessionCookie() },
  });
}
