import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { tokensMatch } from "./admin-token";

export const SESSION_COOKIE = "pp_session";
export const SESSION_TTL_MS = 7 * 86_400_000;

/**
 * A dashboard session is a row in DashboardSession plus a cookie
 * `v2.<expiry>.<random id>.<signature>`. The row lets logging out end the
 * session on the server (a stolen cookie stops working at once, also after a
 * restart); the signature, keyed by the admin token, makes a new admin
 * token end every session without touching the table.
 */
export async function createSession(prisma: Db, adminToken: string, now: number = Date.now()): Promise<{ value: string; expiresAt: number }> {
  const expiresAt = now + SESSION_TTL_MS;
  const id = randomBytes(32).toString("base64url");
  await prisma.$transaction([
    prisma.dashboardSession.deleteMany({ where: { expiresAt: { lte: new Date(now) } } }),
    prisma.dashboardSession.create({ data: { idHash: hashId(id), createdAt: new Date(now), expiresAt: new Date(expiresAt) } }),
  ]);
  return { value: `v2.${expiresAt}.${id}.${sign(adminToken, expiresAt, id)}`, expiresAt };
}

export async function verifySession(prisma: Db, value: string | undefined | null, adminToken: string, now: number = Date.now()): Promise<boolean> {
  const parsed = parseSessionValue(value);
  if (!parsed || !(parsed.expiresAt > now)) return false;
  if (!tokensMatch(parsed.signature, sign(adminToken, parsed.expiresAt, parsed.id))) return false;
  const row = await prisma.dashboardSession.findUnique({ where: { idHash: hashId(parsed.id) }, select: { expiresAt: true } });
  return row !== null && row.expiresAt.getTime() > now;
}

/** Logging out: the session's row goes, so its cookie is worthless from now on. */
export async function endSession(prisma: Db, value: string | undefined | null): Promise<void> {
  const parsed = parseSessionValue(value);
  // deleteMany: a session already ended (or never stored) is no error.
  if (parsed) await prisma.dashboardSession.deleteMany({ where: { idHash: hashId(parsed.id) } });
}

function parseSessionValue(value: string | undefined | null): { expiresAt: number; id: string; signature: string } | null {
  const match = /^v2\.(\d{10,16})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  return match ? { expiresAt: Number(match[1]), id: match[2]!, signature: match[3]! } : null;
}

function hashId(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

function sign(adminToken: string, expiresAt: number, id: string): string {
  const key = createHmac("sha256", "proxypulse-session-key").update(adminToken).digest();
  return createHmac("sha256", key).update(`session:${expiresAt}:${id}`).digest("base64url");
}

/** The Set-Cookie header that starts a session (Secure when the page was served over HTTPS). */
export function sessionCookie(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie header that ends the session. */
export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(rest.join("="));
      } catch {
        return null;
      }
    }
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
