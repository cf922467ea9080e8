import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { keepPrivate } from "../secrets/keep-private";

export const DEFAULT_DATABASE_URL = "file:./data/proxypulse.db";

export class InvalidDatabaseUrlError extends Error {
  readonly code = "invalid_database_url";
  constructor(url: string) {
    super(`DATABASE_URL must be a SQLite file URL such as ${DEFAULT_DATABASE_URL} or a PostgreSQL URL such as postgresql://user:password@host:5432/proxypulse, got "${maskDatabaseUrl(url)}"`);
    this.name = "InvalidDatabaseUrlError";
  }
}

/**
 * A database URL fit for a message or a log: its user info (a server
 * database's password) and its query (where drivers take passwords and
 * keys too) become ****, whatever the scheme and even when the URL does not
 * parse.
 */
export function maskDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)/i, "$1****@").replace(/\?.*$/s, (query) => (query.length > 1 ? "?****" : query));
}

/** Whether a DATABASE_URL names a PostgreSQL database (anything else must be a SQLite file URL). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The SQLite file a DATABASE_URL names, resolved against the working directory. */
export function databaseFilePath(url: string = DEFAULT_DATABASE_URL): string {
  const match = /^file:(.+)$/.exec(url.trim());
  const path = match?.[1]?.replace(/\?.*$/, "");
  if (!path) throw new InvalidDatabaseUrlError(url);
  if (path === ":memory:") return path;
  // Chosen at run time (DATABASE_URL): not part of the build's trace.
  return isAbsolute(path) ? path : resolve(/*turbopackIgnore: true*/ process.cwd(), path);
}

/**
 * Makes the database's directory (0700) and an empty database file (0600)
 * when they do not exist yet: the data directory holds the secret key, the
 * admin token and every stored result, so other local users get no access.
 * SQLite gives its -wal and -shm files the database file's mode.
 */
export function prepareDatabaseFile(path: string): void {
  if (path === ":memory:") return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Made before (perhaps 0644); SQLite gives new -wal and -shm files this file's mode, existing ones keep theirs.
    for (const file of [path, `${path}-wal`, `${path}-shm`]) keepPrivate(file);
  }
}
