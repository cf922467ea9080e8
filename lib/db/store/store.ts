import type { AlertStore } from "./alert-store";
import type { LeaseStore } from "./lease-store";
import type { OutboxStore } from "./outbox-store";
import type { PresenceStore } from "./presence-store";

export type StoreEngine = "sqlite" | "postgresql";

/**
 * The time-series path's one interface (the rule: lib/db/README.md). Each
 * area is its own interface; each engine implements all of them.
 */
export interface Store {
  readonly engine: StoreEngine;
  readonly leases: LeaseStore;
  readonly alerts: AlertStore;
  readonly outbox: OutboxStore;
  readonly presence: PresenceStore;
  close(): Promise<void>;
}
