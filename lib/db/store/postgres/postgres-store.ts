import type pg from "pg";
import type { Store } from "../store";
import { PostgresAlertStore } from "./postgres-alert-store";
import { PostgresLeaseStore } from "./postgres-lease-store";
import { PostgresOutboxStore } from "./postgres-outbox-store";
import { PostgresPresenceStore } from "./postgres-presence-store";
import { PostgresResultStore } from "./postgres-result-store";
import { PostgresSummaryStore } from "./postgres-summary-store";
import { PostgresUpkeepStore } from "./postgres-upkeep-store";

/** The areas implemented on PostgreSQL so far (docs/design/postgresql.md, step 4); the others follow. */
export type PostgresAreas = Pick<Store, "engine" | "leases" | "results" | "summaries" | "upkeep" | "outbox" | "presence" | "alerts" | "close">;

/** The store on PostgreSQL, over one pool of its own. */
export class PostgresStore implements PostgresAreas {
  readonly engine = "postgresql" as const;
  readonly leases: PostgresLeaseStore;
  readonly results: PostgresResultStore;
  readonly summaries: PostgresSummaryStore;
  readonly upkeep: PostgresUpkeepStore;
  readonly outbox: PostgresOutboxStore;
  readonly presence: PostgresPresenceStore;
  readonly alerts: PostgresAlertStore;

  constructor(readonly pool: pg.Pool) {
    this.leases = new PostgresLeaseStore(pool);
    this.results = new PostgresResultStore(pool);
    this.summaries = new PostgresSummaryStore(pool);
    this.upkeep = new PostgresUpkeepStore(pool);
    this.outbox = new PostgresOutboxStore(pool);
    this.presence = new PostgresPresenceStore(pool);
    this.alerts = new PostgresAlertStore(pool);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
