import { logOut } from "@/lib/auth/log-out";
import { apiHandler } from "@/lib/http/api-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The log-out form: end the session (on the server too) and go to the login page. */
export const POST = apiHandler("public", async (request, { service }) =>
  new Response(null, { status: 303, headers: { location: "/login", "set-cookie": await logOut(request, service) } }),
);
