import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databaseFilePath, prepareDatabaseFile } from "./database-path";

export type Db = PrismaClient;

/**
 * A Prisma client on one SQLite file: WAL (readers never wait for the writer)
 * and a busy timeout (the scheduler's batched writes and the pages' reads
 * share the file).
 */
export function createDb(databaseUrl: string): Db {
  const path = databaseFilePath(databaseUrl);
  prepareDatabaseFile(path);
  const adapter = new PrismaBetterSqlite3(
    { url: path, timeout: 10_000 },
    // DateTime as integer milliseconds: compact rows, fast range scans.
    { timestampFormat: "unixepoch-ms" },
  );
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { proxypulseDb?: Db };

/** One client per process (kept on globalThis so dev-mode reloads reuse it). */
export function getDb(databaseUrl: string): Db {
  globalForDb.proxypulseDb ??= createDb(databaseUrl);
  return globalForDb.proxypulseDb;
}
