import { log } from "../log";
import { PG_CONNECT_TIMEOUT_MS } from "./pg-connection";

/**
 * SQLite result codes that mean "the storage under the database is failing"
 * (full disk, read-only file or directory, I/O error, a file that vanished),
 * as opposed to a bug in a statement. Writes failing this way are worth
 * retrying once the storage recovers; anything else is not.
 */
const STORAGE_CODES: Array<{ prefix: string; hint: string }> = [
  { prefix: "SQLITE_FULL", hint: "disk full" },
  { prefix: "SQLITE_READONLY", hint: "the database file or its directory is read-only" },
  // Before SQLITE_IOERR: the first matching prefix gives the hint.
  { prefix: "SQLITE_IOERR_SHMSIZE", hint: "no space for the shared-memory file beside the database: disk full?" },
  { prefix: "SQLITE_IOERR", hint: "input/output error" },
  { prefix: "SQLITE_CANTOPEN", hint: "the database file cannot be opened" },
  { prefix: "SQLITE_CORRUPT", hint: "the database file is damaged" },
  { prefix: "SQLITE_NOTADB", hint: "the file is not a database" },
  { prefix: "SQLITE_BUSY", hint: "another process holds the database lock" },
];

/**
 * PostgreSQL's SQLSTATE codes (and classes, by their first two characters)
 * that mean the server or the way to it is failing rather than a statement:
 * a full disk, a database made read-only, the connection lost or refused, a
 * server shutting down. As with SQLite's, writes failing so are held and
 * retried.
 */
const POSTGRES_CODES: Array<{ code: string; hint: string }> = [
  { code: "53100", hint: "disk full" },
  { code: "53200", hint: "the server is out of memory" },
  { code: "53300", hint: "too many connections" },
  { code: "58030", hint: "input/output error" },
  { code: "25006", hint: "the database is read-only" },
  { code: "57P01", hint: "the server ended the connection" },
  { code: "57P02", hint: "the server crashed" },
  { code: "57P03", hint: "the server is starting or stopping" },
  { code: "08", hint: "the connection to the server failed" },
];

/** Prisma's codes for a database it cannot reach or lost (its driver adapter may give no engine code): can't reach, timed out, connection closed, no connection free. */
const PRISMA_CONNECTION_CODES = new Map([
  ["P1001", "the database server cannot be reached"],
  ["P1002", "the database server did not answer in time"],
  ["P1008", "the database operation timed out"],
  ["P1017", "the database server closed the connection"],
  ["P2024", "no database connection came free in time"],
]);

/** What a socket says when the database server cannot be reached or the connection breaks. */
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** The pg client's own words for a connection it could not make in time (a pool's, a client's), and for one it lost (its errors carry no code). */
const NO_ANSWER = /^(timeout expired$|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error)/;

/** The database took no answer within the time a caller could wait (a frozen server, a lost route to it): a storage failure too. */
export class DatabaseSilentError extends Error {
  constructor(readonly waitedMs: number) {
    super(`the database did not answer within ${waitedMs / 1000} s`);
    this.name = "DatabaseSilentError";
  }
}

interface StorageCause {
  code: string;
  /** Why, in words (null for a SQLite code that is not a storage failure). */
  hint: string | null;
}

/**
 * The engine's code of a failed statement. better-sqlite3 and pg put it in
 * `code`; Prisma's driver adapters wrap it (a P-code outside, the engine's
 * code in `meta.driverAdapterError.cause.originalCode`).
 */
function storageCause(error: unknown): StorageCause | null {
  if (error instanceof DatabaseSilentError) return { code: "no answer", hint: error.message };
  const found = error as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  for (const code of [found?.code, found?.meta?.driverAdapterError?.cause?.originalCode]) {
    if (typeof code !== "string") continue;
    if (code.startsWith("SQLITE_")) return { code, hint: STORAGE_CODES.find((entry) => code.startsWith(entry.prefix))?.hint ?? null };
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const known = POSTGRES_CODES.find((entry) => code.startsWith(entry.code));
      if (known) return { code: `PostgreSQL ${code}`, hint: known.hint };
    }
    if (CONNECTION_CODES.has(code)) return { code, hint: "the database server cannot be reached" };
  }
  const prismaCode = found?.code;
  if (typeof prismaCode === "string" && PRISMA_CONNECTION_CODES.has(prismaCode)) return { code: prismaCode, hint: PRISMA_CONNECTION_CODES.get(prismaCode)! };
  if (error instanceof Error && NO_ANSWER.test(error.message)) {
    return { code: "PostgreSQL connection", hint: `no answer within ${PG_CONNECT_TIMEOUT_MS / 1000} s (a firewall, a wrong host or port, or a server that hangs)` };
  }
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) return { code: "PostgreSQL connection lost", hint: error.message.replace(/\.$/, "") };
  return null;
}

export function isStorageError(error: unknown): boolean {
  return storageCause(error)?.hint != null;
}

/** "SQLITE_FULL (disk full)", "PostgreSQL 53100 (disk full)": the cause, never a path or a value. */
export function describeStorageError(error: unknown): string {
  const cause = storageCause(error);
  if (!cause) return error instanceof Error ? error.message : String(error);
  return cause.hint ? `${cause.code} (${cause.hint})` : cause.code;
}

/** The source of the readiness probe's own write (the smallest write there is). */
export const WRITE_CHECK = "write check";

export interface StorageFailure {
  /** Which writer saw it: "results", "scheduler lease", "write check"… */
  source: string;
  cause: string;
  since: number;
}

export interface StorageStatus {
  ok: boolean;
  failures: StorageFailure[];
  /** When a write last succeeded (null before the first one). */
  lastWriteAt: number | null;
}

/** Where writers report how their writes went. */
export interface StorageReporter {
  report(source: string, error: unknown | null, now?: number): void;
}

/**
 * What the process knows about its database's storage, from the outcomes of
 * real writes. Logs the cause once when writes start failing and once when
 * they work again (not once per failed write), for /readyz and the dashboard
 * banner to read.
 */
export class StorageHealth implements StorageReporter {
  private readonly failing = new Map<string, StorageFailure>();
  private lastWriteAt: number | null = null;

  report(source: string, error: unknown | null, now = Date.now()): void {
    if (error === null) {
      this.lastWriteAt = now;
      // A real write just worked, so the write check would too: its failure
      // must not outlive the outage until a supervisor happens to ask again.
      if (source !== WRITE_CHECK) this.clear(WRITE_CHECK, now);
      this.clear(source, now);
      return;
    }
    const cause = describeStorageError(error);
    const before = this.failing.get(source);
    if (before?.cause === cause) return;
    const known = [...this.failing.values()].some((failure) => failure.cause === cause);
    this.failing.set(source, { source, cause, since: before?.since ?? now });
    // One line per cause: three writers hitting one full disk say it once.
    if (!known) log.error(`cannot write to the database: ${cause}`);
  }

  /**
   * A writer's error: a storage failure is reported (said once per cause, not
   * once per tick); anything else is that writer's own bug, for `otherwise`.
   */
  absorb(source: string, error: unknown, otherwise: (error: unknown) => void, now = Date.now()): void {
    if (isStorageError(error)) this.report(source, error, now);
    else otherwise(error);
  }

  /** The writer ran without a storage error, though it may not have written anything. */
  clear(source: string, now = Date.now()): void {
    const failure = this.failing.get(source);
    if (!failure) return;
    this.failing.delete(source);
    if (this.failing.size === 0) log.info(`database writes work again (they failed for ${Math.round((now - failure.since) / 1000)} s)`);
  }

  status(): StorageStatus {
    return { ok: this.failing.size === 0, failures: [...this.failing.values()], lastWriteAt: this.lastWriteAt };
  }
}
