import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/open-database";
import type { Store } from "@/lib/db/store/store";
import { createTestDatabaseUrl } from "./test-database-url";

export interface TestStore {
  /** The time-series path. */
  store: Store;
  /** The configuration tables. */
  prisma: Db;
  cleanup(): Promise<void>;
}

/**
 * A migrated database of the test's own on the run's engine (SQLite, or
 * PostgreSQL in the "postgresql" project), opened as the service opens it
 * but without a service: for tests of the store's areas.
 */
export async function createTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-store-"));
  const database = await createTestDatabaseUrl(dir);
  const opened = await openDatabase(database.url, "test-store", dir);
  return {
    store: opened.store,
    prisma: opened.prisma,
    cleanup: async () => {
      await opened.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
