import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteDashboardStore } from "./sqlite-dashboard-store";
import { SqliteHistoryStore } from "./sqlite-history-store";
import { SqliteLeaseStore } from "./sqlite-lease-store";
import { SqliteMetricsStore } from "./sqlite-metrics-store";
import { SqliteRouteStore } from "./sqlite-route-store";
import { SqliteStatusStore } from "./sqlite-status-store";

/** The store on one SQLite file, over the process's better-sqlite3 writer connection. */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly leases: SqliteLeaseStore;
  readonly routes: SqliteRouteStore;
  readonly history: SqliteHistoryStore;
  readonly dashboard: SqliteDashboardStore;
  readonly status: SqliteStatusStore;
  readonly metrics: SqliteMetricsStore;

  constructor(readonly sqlite: Sqlite) {
    this.leases = new SqliteLeaseStore(sqlite);
    this.routes = new SqliteRouteStore(sqlite);
    this.history = new SqliteHistoryStore(sqlite);
    this.dashboard = new SqliteDashboardStore(sqlite);
    this.status = new SqliteStatusStore(sqlite);
    this.metrics = new SqliteMetricsStore(sqlite);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
