import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteHistoryStore } from "./sqlite-history-store";
import { SqliteLeaseStore } from "./sqlite-lease-store";
import { SqliteRouteStore } from "./sqlite-route-store";

/** The store on one SQLite file, over the process's better-sqlite3 writer connection. */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly leases: SqliteLeaseStore;
  readonly routes: SqliteRouteStore;
  readonly history: SqliteHistoryStore;

  constructor(readonly sqlite: Sqlite) {
    this.leases = new SqliteLeaseStore(sqlite);
    this.routes = new SqliteRouteStore(sqlite);
    this.history = new SqliteHistoryStore(sqlite);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
