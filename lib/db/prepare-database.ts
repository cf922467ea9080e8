import { walkErrorChain } from "../classify/error-chain";
import { migrateDatabase } from "./migrate";
import { openSqlite, type Sqlite } from "./sqlite";
import { describeStorageError, isStorageError } from "./storage-health";
import { writeProbeRow } from "./store/sqlite/sqlite-upkeep-store";

export class DatabaseNotWritableError extends Error {
  readonly code = "database_not_writable";
  constructor(path: string, cause: unknown) {
    super(
      `cannot write to the database ${path}: ${describeStorageError(cause)}. ` +
        "Give the user running ProxyPulse write access to the file and to its directory (SQLite writes a journal beside it), and check the free disk space.",
      { cause },
    );
    this.name = "DatabaseNotWritableError";
  }
}

/** The storage failure behind an error (the migration runner wraps what SQLite threw). */
function storageCause(error: unknown): unknown {
  for (const candidate of walkErrorChain(error)) if (isStorageError(candidate)) return candidate;
  return null;
}

/**
 * Migrates the database, opens the process's writer connection and makes one
 * real write, so that a file the process cannot write stops the start with
 * one clear message instead of a server that answers 500 to everything.
 */
export function prepareDatabase(path: string, holder: string): { sqlite: Sqlite; applied: string[] } {
  let sqlite: Sqlite | null = null;
  try {
    const { applied } = migrateDatabase(path);
    sqlite = openSqlite(path);
    writeProbeRow(sqlite, Date.now(), holder);
    return { sqlite, applied };
  } catch (error) {
    sqlite?.close();
    const cause = storageCause(error);
    throw cause ? new DatabaseNotWritableError(path, cause) : error;
  }
}
