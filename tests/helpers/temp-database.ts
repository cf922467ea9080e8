import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

export interface TempDatabase {
  path: string;
  url: string;
  db: Db;
  cleanup(): Promise<void>;
}

/** A migrated SQLite file of the test's own, removed afterwards. */
export async function createTempDatabase(): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-db-"));
  const path = join(dir, "test.db");
  migrateDatabase(path);
  const url = `file:${path}`;
  const db = createDb(url);
  return {
    path,
    url,
    db,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
