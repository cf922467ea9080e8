import type { LeaseStore } from "./lease-store";
import type { ResultStore } from "./result-store";
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
  close(): Promise<void>;
}
