import { createHmac } from "node:crypto";
import { tokensMatch } from "./admin-token";

export const SESSION_COOKIE = "pp_session";
export const SESSION_TTL_MS = 7 * 86_400_000;

/**
 * A dashboard session: the expiry signed with a key derived from the admin
 * token, so changing the token ends every session and nothing is stored.
 */
export function createSessionValue(adminToken: string, now: number = Date.now()): { value: string; expiresAt: number } {
  const expiresAt = now + SESSION_TTL_MS;
  return { value: `v1.${expiresAt}.${sign(adminToken, expiresAt)}`, expiresAt };
}

export function verifySessionValue(value: string | undefined | null, adminToken: string, now: number = Date.now()): boolean {
  const match = /^v1\.(\d{10,16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return false;
  const expiresAt = Number(match[1]);
  if (!(expiresAt > now)) return false;
  return tokensMatch(match[2]!, sign(adminToken, expiresAt));
}

function sign(adminToken: string, expiresAt: number): string {
  const key = createHmac("sha256", "proxypulse-session-key").update(adminToken).digest();
  return createHmac("sha256", key).update(`session:${expiresAt}`).digest("base64url");
}

/** The Set-Cookie header that ends the session. */
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** A cookie-authenticated change must come from a page of this same origin (CSRF). */
export function isSameOrigin(request: Request): boolean {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  if (!host || !source || source === "null") return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}
