import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { keepPrivate } from "./keep-private";
import { FORGET_HINT, listLabels } from "./sealed-secrets";

export class InvalidSecretKeyError extends Error {
  readonly code = "invalid_secret_key";
  constructor(source: string) {
    super(`${source} must hold 32 bytes as 64 hex characters or as base64 (e.g. the output of: openssl rand -hex 32)`);
    this.name = "InvalidSecretKeyError";
  }
}

export class MissingSecretKeyError extends Error {
  readonly code = "missing_secret_key";
  constructor(path: string, sealed: string[]) {
    super(
      `The secret key file ${path} is missing, but the database holds ${sealed.length} secret(s) sealed with it: ${listLabels(sealed)}. ` +
        `No new key was made (it could not open them). Restore ${path} from a backup, or set PROXYPULSE_SECRET_KEY to the key used before. ${FORGET_HINT}`,
    );
    this.name = "MissingSecretKeyError";
  }
}

export const SECRET_KEY_FILE = "secret.key";

/** Where the key comes from, for messages: the variable's name or the file's path. */
export function secretKeySource(envValue: string | undefined, dataDir: string): string {
  return envValue ? "PROXYPULSE_SECRET_KEY" : join(dataDir, SECRET_KEY_FILE);
}

/**
 * The key that encrypts secrets at rest: PROXYPULSE_SECRET_KEY when set,
 * otherwise a key file in the data directory, made (mode 0600) on first
 * start, but never while `sealed` (labels of stored secrets only the old key
 * opens) is not empty: a new key would strand them.
 */
export function loadSecretKey(envValue: string | undefined, dataDir: string, sealed: () => string[] = () => []): Buffer {
  if (envValue) return decodeKey(envValue, "PROXYPULSE_SECRET_KEY");
  const path = join(dataDir, SECRET_KEY_FILE);
  if (existsSync(path)) {
    keepPrivate(path);
    return decodeKey(readFileSync(path, "utf8"), path);
  }
  const stranded = sealed();
  if (stranded.length) throw new MissingSecretKeyError(path, stranded);
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
