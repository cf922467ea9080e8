import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteAlertStore } from "./sqlite-alert-store";
import { SqliteDashboardStore } from "./sqlite-dashboard-store";
import { SqliteHistoryStore } from "./sqlite-history-store";
import { SqliteLeaseStore } from "./sqlite-lease-store";
import { SqliteMetricsStore } from "./sqlite-metrics-store";
import { SqliteOutboxStore } from "./sqlite-outbox-store";
import { SqlitePresenceStore } from "./sqlite-presence-store";
import { SqliteResultStore } from "./sqlite-result-store";
import { SqliteRouteStore } from "./sqlite-route-store";
import { SqliteStatusStore } from "./sqlite-status-store";
import { SqliteSummaryStore } from "./sqlite-summary-store";
import { SqliteUpkeepStore } from "./sqlite-upkeep-store";

/** The store on one SQLite file, over the process's better-sqlite3 writer connection. */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly leases: SqliteLeaseStore;
  readonly results: SqliteResultStore;
  readonly summaries: SqliteSummaryStore;
  readonly upkeep: SqliteUpkeepStore;
  readonly routes: SqliteRouteStore;
  readonly history: SqliteHistoryStore;
  readonly dashboard: SqliteDashboardStore;
  readonly status: SqliteStatusStore;
  readonly metrics: SqliteMetricsStore;
  readonly alerts: SqliteAlertStore;
  readonly outbox: SqliteOutboxStore;
  readonly presence: SqlitePresenceStore;

  constructor(readonly sqlite: Sqlite) {
    this.leases = new SqliteLeaseStore(sqlite);
    this.results = new SqliteResultStore(sqlite);
    this.summaries = new SqliteSummaryStore(sqlite);
    this.upkeep = new SqliteUpkeepStore(sqlite);
    this.routes = new SqliteRouteStore(sqlite);
    this.history = new SqliteHistoryStore(sqlite);
    this.dashboard = new SqliteDashboardStore(sqlite);
    this.status = new SqliteStatusStore(sqlite);
    this.metrics = new SqliteMetricsStore(sqlite);
    this.alerts = new SqliteAlertStore(sqlite);
    this.outbox = new SqliteOutboxStore(sqlite);
    this.presence = new SqlitePresenceStore(sqlite);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
