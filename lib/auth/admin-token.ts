import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keepPrivate } from "../secrets/keep-private";

export const ADMIN_TOKEN_FILE = "admin.token";
/** The same floor as PROXYPULSE_ADMIN_TOKEN's (lib/env.ts): the token is the only login. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

export class WeakAdminTokenError extends Error {
  readonly code = "weak_admin_token";
  constructor(path: string) {
    super(
      `${path} must hold at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it is the only login and short ones can be guessed): ` +
        "put a longer one in it (openssl rand -base64 32), or delete the file to have a new one generated.",
    );
    this.name = "WeakAdminTokenError";
  }
}

/**
 * The admin token: PROXYPULSE_ADMIN_TOKEN, or one generated on first start
 * and kept in the data directory (mode 0600). `announce` is called only when
 * a token is generated, so it reaches the log exactly once.
 */
export function loadAdminToken(envToken: string | undefined, dataDir: string, announce: (token: string, path: string) => void): string {
  if (envToken) return envToken;
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(path)) return readTokenFile(path);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString("base64url");
  try {
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readTokenFile(path);
    throw error;
  }
  chmodSync(path, 0o600);
  announce(token, path);
  return token;
}

/** A file edited by hand (or emptied by a full disk) must not lower the bar the environment variable has. */
function readTokenFile(path: string): string {
  keepPrivate(path);
  const token = readFileSync(path, "utf8").trim();
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) throw new WeakAdminTokenError(path);
  return token;
}

/** Constant-time comparison (of digests, so lengths cannot leak either). */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}
