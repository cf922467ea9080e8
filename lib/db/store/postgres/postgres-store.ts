import type pg from "pg";
import type { Store } from "../store";
import { PostgresAlertStore } from "./postgres-alert-store";
import { PostgresDashboardStore } from "./postgres-dashboard-store";
import { PostgresHistoryStore } from "./postgres-history-store";
import { PostgresLeaseStore } from "./postgres-lease-store";
import { PostgresMetricsStore } from "./postgres-metrics-store";
import { PostgresOutboxStore } from "./postgres-outbox-store";
import { PostgresPresenceStore } from "./postgres-presence-store";
import { PostgresResultStore } from "./postgres-result-store";
import { PostgresRouteStore } from "./postgres-route-store";
import { PostgresStatusStore } from "./postgres-status-store";
import { PostgresSummaryStore } from "./postgres-summary-store";
import { PostgresUpkeepStore } from "./postgres-upkeep-store";

/** The store on PostgreSQL, over one pool of its own. */
export class PostgresStore implements Store {
  readonly engine = "postgresql" as const;
  readonly leases: PostgresLeaseStore;
  readonly results: PostgresResultStore;
  readonly summaries: PostgresSummaryStore;
  readonly upkeep: PostgresUpkeepStore;
  readonly routes: PostgresRouteStore;
  readonly history: PostgresHistoryStore;
  readonly status: PostgresStatusStore;
  readonly dashboard: PostgresDashboardStore;
  readonly metrics: PostgresMetricsStore;
  readonly outbox: PostgresOutboxStore;
  readonly presence: PostgresPresenceStore;
  readonly alerts: PostgresAlertStore;

  constructor(readonly pool: pg.Pool) {
    this.leases = new PostgresLeaseStore(pool);
    this.results = new PostgresResultStore(pool);
    this.summaries = new PostgresSummaryStore(pool);
    this.upkeep = new PostgresUpkeepStore(pool);
    this.routes = new PostgresRouteStore(pool);
    this.history = new PostgresHistoryStore(pool);
    this.status = new PostgresStatusStore(pool);
    this.dashboard = new PostgresDashboardStore(pool);
    this.metrics = new PostgresMetricsStore(pool);
    this.outbox = new PostgresOutboxStore(pool);
    this.presence = new PostgresPresenceStore(pool);
    this.alerts = new PostgresAlertStore(pool);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
