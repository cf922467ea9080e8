import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";

/**
 * A probe agent's token: `ppa_` and 256 random bits (43 base64url
 * characters). The hub keeps only its SHA-256: the token is random enough
 * that a plain hash cannot be guessed back, and a copy of the database is no
 * token. The token itself is shown once (in the answer that made it) and is
 * never logged nor put in an error.
 */
export const AGENT_TOKEN_PREFIX = "ppa_";
const TOKEN_SHAPE = /^ppa_[A-Za-z0-9_-]{43}$/;

export function newAgentToken(): string {
  return `${AGENT_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** SHA-256 (hex) of a token: what Location.tokenHash holds. */
export function hashAgentToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a text has the shape of an agent token (not whether it is valid). */
export function looksLikeAgentToken(text: string): boolean {
  return TOKEN_SHAPE.test(text);
}

export interface TokenLocation {
  id: number;
  name: string;
  region: string | null;
  /** Hub clock minus agent clock, from its last heartbeat (null before the first). */
  clockOffsetMs: number | null;
}

/**
 * The location an agent token belongs to, or null for an unknown, malformed
 * or revoked token. Read from the database on every call (no cache): a
 * rotated or revoked token is refused at once. A revoked location's hash is
 * cleared too; `revokedAt` is checked as well so that no path that sets one
 * without the other lets a token through.
 */
export async function findLocationByToken(prisma: Db, token: string): Promise<TokenLocation | null> {
  if (!looksLikeAgentToken(token)) return null;
  // One lookup by the unique tokenHash: cheap enough for every agent request.
  return prisma.location.findUnique({
    where: { tokenHash: hashAgentToken(token), revokedAt: null, kind: "agent" },
    select: { id: true, name: true, region: true, clockOffsetMs: true },
  });
}
