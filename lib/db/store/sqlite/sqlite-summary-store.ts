import { IncrementalRouteSummaries } from "./incremental-route-summaries";
import { markSummariesStale } from "./mark-summaries-stale";
import { refreshRouteSummaries } from "./refresh-route-summaries";
import type { Sqlite } from "../../sqlite";
import type { ResultToRecord } from "../result-store";
import type { SummaryStore } from "../summary-store";
import type { PruneReport, RetentionPolicy } from "../upkeep-store";

export class SqliteSummaryStore implements SummaryStore {
  private readonly incremental: IncrementalRouteSummaries;

  constructor(private readonly sqlite: Sqlite) {
    this.incremental = new IncrementalRouteSummaries(sqlite);
  }

  async startKeeping(): Promise<void> {
    this.incremental.startLazily();
  }

  stopKeeping(): void {
    this.incremental.clear();
  }

  async record(items: readonly ResultToRecord[], now: number): Promise<void> {
    this.incremental.record(items, now);
  }

  async tick(now: number): Promise<void> {
    this.incremental.tick(now);
  }

  async flushChanged(now: number, routeIds: readonly number[]): Promise<void> {
    this.incremental.flushChanged(now, routeIds);
  }

  async afterPrune(report: PruneReport, policy: RetentionPolicy, now: number): Promise<void> {
    this.incremental.afterPrune(report, policy, now);
  }

  async refreshWritten(routeIds: readonly number[], now: number): Promise<void> {
    refreshRouteSummaries(this.sqlite, now, [...routeIds]);
    markSummariesStale(this.sqlite, routeIds);
  }
}
