import { dirname, isAbsolute, resolve } from "node:path";
import { createDb, type Db } from "./client";
import { databaseFilePath, isPostgresUrl, maskDatabaseUrl } from "./database-path";
import { migratePostgres } from "./migrate-postgres";
import { describeStorageError, isStorageError } from "./storage-health";
import { createPostgresDb } from "./postgres-client";
import { prepareDatabase } from "./prepare-database";
import type { Sqlite } from "./sqlite";
import { createPgPool } from "./store/postgres/pg-pool";
import { PostgresStore } from "./store/postgres/postgres-store";
import { SqliteStore } from "./store/sqlite/sqlite-store";
import type { Store, StoreEngine } from "./store/store";

export class DatabaseUnreachableError extends Error {
  readonly code = "database_unreachable";
  constructor(label: string, cause: unknown) {
    super(
      `cannot use the PostgreSQL database ${label}: ${describePgError(cause)}. Check that the server runs and that DATABASE_URL names the right host, port, database, user and password.`,
      { cause },
    );
    this.name = "DatabaseUnreachableError";
  }
}

/** The database a process works on: Prisma for configuration, the store for the time-series path (lib/db/README.md). */
export interface OpenDatabase {
  engine: StoreEngine;
  prisma: Db;
  store: Store;
  /** The SQLite writer connection (SQLite only). */
  sqlite: Sqlite | null;
  /** The SQLite file, watched for removal while the process runs (SQLite only). */
  filePath: string | null;
  /** Where the secret key and the admin token are kept when the environment does not give them. */
  dataDir: string;
  /** The database as messages name it: the file's path, or the URL without its password. */
  label: string;
  /** Migrations applied by this start. */
  applied: string[];
  close(): Promise<void>;
}

/**
 * Opens the database DATABASE_URL names, migrated, with one real write made
 * (a database this process cannot write stops the start with one clear
 * message): a SQLite file (`file:`, the default) or PostgreSQL
 * (`postgresql://`).
 */
export async function openDatabase(url: string | undefined, holder: string, dataDirSetting: string | undefined): Promise<OpenDatabase> {
  if (!isPostgresUrl(url)) {
    const path = databaseFilePath(url);
    const { sqlite, applied } = prepareDatabase(path, holder);
    const prisma = createDb(`file:${path}`);
    const store = new SqliteStore(sqlite);
    return {
      engine: "sqlite",
      prisma,
      store,
      sqlite,
      filePath: path,
      dataDir: dirname(path),
      label: path,
      applied,
      close: async () => {
        await prisma.$disconnect();
        await store.close();
      },
    };
  }
  const label = maskDatabaseUrl(url);
  let applied: string[];
  try {
    ({ applied } = await migratePostgres(url));
  } catch (error) {
    throw isConnectionError(error) ? new DatabaseUnreachableError(label, error) : error;
  }
  const prisma = createPostgresDb(url);
  const store = new PostgresStore(createPgPool(url));
  try {
    await store.upkeep.writeCheck(holder, Date.now());
  } catch (error) {
    await Promise.allSettled([prisma.$disconnect(), store.close()]);
    throw new DatabaseUnreachableError(label, error);
  }
  return {
    engine: "postgresql",
    prisma,
    store,
    sqlite: null,
    filePath: null,
    dataDir: dataDirSetting ? (isAbsolute(dataDirSetting) ? dataDirSetting : resolve(/*turbopackIgnore: true*/ process.cwd(), dataDirSetting)) : resolve(/*turbopackIgnore: true*/ process.cwd(), "data"),
    label,
    applied,
    close: async () => {
      await prisma.$disconnect();
      await store.close();
    },
  };
}

/** Refusals that are the URL's fault (a password, a user, a database name), beside the storage failures (unreachable, lost, silent). */
const LOGIN_CODES = new Set(["28P01", "28000", "3D000"]);

/** Whether a failed start is the database's or the way to it (said in one line), rather than a bug (a stack). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === "string" && LOGIN_CODES.has(code)) || isStorageError(error);
}

/** PostgreSQL's or the socket's reason, in words (never the URL: it may carry the password). */
function describePgError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const known: Record<string, string> = {
    ECONNREFUSED: "the server refused the connection (is PostgreSQL running on that host and port?)",
    ENOTFOUND: "the host name does not resolve",
    "28P01": "the password was refused",
    "28000": "the user may not log in",
    "3D000": "the database does not exist (create it first: createdb)",
    "57P03": "the server is starting up or shutting down",
  };
  if (typeof code === "string" && known[code]) return `${known[code]} [${code}]`;
  if (/Connection terminated unexpectedly/.test(message)) return "the server closed the connection (is it PostgreSQL on that port? does it accept this client: pg_hba.conf, SSL?)";
  return isStorageError(error) ? describeStorageError(error) : message;
}
