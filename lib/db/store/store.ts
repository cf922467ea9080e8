import type { AlertStore } from "./alert-store";
import type { DashboardStore } from "./dashboard-store";
import type { HistoryStore } from "./history-store";
import type { LeaseStore } from "./lease-store";
import type { MetricsStore } from "./metrics-store";
import type { OutboxStore } from "./outbox-store";
import type { PresenceStore } from "./presence-store";
import type { ResultStore } from "./result-store";
import type { RouteStore } from "./route-store";
import type { StatusStore } from "./status-store";
import type { SummaryStore } from "./summary-store";
import type { UpkeepStore } from "./upkeep-store";

export type StoreEngine = "sqlite" | "postgresql";

/**
 * The time-series path's one interface (the rule: lib/db/README.md). Each
 * area is its own interface; each engine implements all of them.
 */
export interface Store {
  readonly engine: StoreEngine;
  readonly leases: LeaseStore;
  readonly results: ResultStore;
  readonly summaries: SummaryStore;
  readonly upkeep: UpkeepStore;
  readonly routes: RouteStore;
  readonly history: HistoryStore;
  readonly dashboard: DashboardStore;
  readonly status: StatusStore;
  readonly metrics: MetricsStore;
  readonly alerts: AlertStore;
  readonly outbox: OutboxStore;
  readonly presence: PresenceStore;
  close(): Promise<void>;
}
