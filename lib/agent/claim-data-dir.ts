import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";

export class DataDirError extends Error {
  readonly code = "invalid_data_dir";
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

export interface DataDirClaim {
  release(): void;
}

/**
 * Makes the agent's data dir (0700) and claims it for this process: two
 * agents on one spool would probe every route twice and upload each other's
 * results. The claim is an exclusive SQLite lock on `agent.lock`, which the
 * system drops when the process ends however it ends (no stale lock file to
 * clean after kill -9). A directory that cannot be used is a DataDirError
 * naming it and why, before anything runs.
 */
export function claimDataDir(dir: string): DataDirClaim {
  makeDirectory(dir);
  let lock: Database.Database;
  try {
    lock = new Database(join(dir, "agent.lock"));
    lock.pragma("busy_timeout = 0");
    lock.pragma("locking_mode = EXCLUSIVE");
    // The first write takes the lock; in exclusive mode it is kept until the connection closes.
    lock.exec("CREATE TABLE IF NOT EXISTS claim (pid INTEGER); DELETE FROM claim;");
    lock.prepare("INSERT INTO claim (pid) VALUES (?)").run(process.pid);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      throw new DataDirError(`another agent already runs with --data-dir ${dir}: give each agent its own data dir (its spool and stream are its own)`);
    }
    throw new DataDirError(`--data-dir ${dir} cannot be used: ${(error as Error).message}`);
  }
  return { release: () => lock.close() };
}

/**
 * mkdir -p without `recursive` (Node's loops for ever under /proc): the
 * missing parts are made one by one below the nearest existing directory.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(at).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new DataDirError(`--data-dir ${dir} cannot be used: ${(error as Error).message}`);
      missing.unshift(at);
      const parent = dirname(at);
      if (parent === at) break;
      at = parent;
      continue;
    }
    if (!isDirectory) throw new DataDirError(`--data-dir ${dir} cannot be used: ${at} is not a directory`);
    break;
  }
  for (const part of missing) {
    try {
      mkdirSync(part, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new DataDirError(`--data-dir ${dir} cannot be used: ${(error as Error).message}`);
    }
  }
}
