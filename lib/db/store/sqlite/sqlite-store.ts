import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteLeaseStore } from "./sqlite-lease-store";

/** The store on one SQLite file, over the process's better-sqlite3 writer connection. */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly leases: SqliteLeaseStore;

  constructor(readonly sqlite: Sqlite) {
    this.leases = new SqliteLeaseStore(sqlite);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
