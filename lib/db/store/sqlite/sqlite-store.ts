import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteLeaseStore } from "./sqlite-lease-store";
import { SqliteResultStore } from "./sqlite-result-store";
import { SqliteSummaryStore } from "./sqlite-summary-store";
import { SqliteUpkeepStore } from "./sqlite-upkeep-store";

/** The store on one SQLite file, over the process's better-sqlite3 writer connection. */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly leases: SqliteLeaseStore;
  readonly results: SqliteResultStore;
  readonly summaries: SqliteSummaryStore;
  readonly upkeep: SqliteUpkeepStore;

  constructor(readonly sqlite: Sqlite) {
    this.leases = new SqliteLeaseStore(sqlite);
    this.results = new SqliteResultStore(sqlite);
    this.summaries = new SqliteSummaryStore(sqlite);
    this.upkeep = new SqliteUpkeepStore(sqlite);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
