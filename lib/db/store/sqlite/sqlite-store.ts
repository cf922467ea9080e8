import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteAlertStore } from "./sqlite-alert-store";
import { SqliteLeaseStore } from "./sqlite-lease-store";
import { SqliteOutboxStore } from "./sqlite-outbox-store";
import { SqlitePresenceStore } from "./sqlite-presence-store";

/** The store on one SQLite file, over the process's better-sqlite3 writer connection. */
export class SqliteStore implements Store {
  readonly engine = "sqlite" as const;
  readonly leases: SqliteLeaseStore;
  readonly alerts: SqliteAlertStore;
  readonly outbox: SqliteOutboxStore;
  readonly presence: SqlitePresenceStore;

  constructor(readonly sqlite: Sqlite) {
    this.leases = new SqliteLeaseStore(sqlite);
    this.alerts = new SqliteAlertStore(sqlite);
    this.outbox = new SqliteOutboxStore(sqlite);
    this.presence = new SqlitePresenceStore(sqlite);
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}
