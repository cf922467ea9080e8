import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class InvalidSecretKeyError extends Error {
  readonly code = "invalid_secret_key";
  constructor(source: string) {
    super(`${source} must hold 32 bytes as 64 hex characters or as base64 (e.g. the output of: openssl rand -hex 32)`);
    this.name = "InvalidSecretKeyError";
  }
}

export const SECRET_KEY_FILE = "secret.key";

/**
 * The key that encrypts secrets at rest: PROXYPULSE_SECRET_KEY when set,
 * otherwise a key file in the data directory, made (mode 0600) on first start.
 */
export function loadSecretKey(envValue: string | undefined, dataDir: string): Buffer {
  if (envValue) return decodeKey(envValue, "PROXYPULSE_SECRET_KEY");
  const path = join(dataDir, SECRET_KEY_FILE);
  if (existsSync(path)) return decodeKey(readFileSync(path, "utf8"), path);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // "wx": never overwrite a key another process wrote a moment ago.
  try {
    writeFileSync(path, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return decodeKey(readFileSync(path, "utf8"), path);
    throw error;
  }
  chmodSync(path, 0o600);
  return key;
}

function decodeKey(text: string, source: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  const decoded = Buffer.from(value, "base64");
  if (decoded.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(value)) return decoded;
  throw new InvalidSecretKeyError(source);
}
