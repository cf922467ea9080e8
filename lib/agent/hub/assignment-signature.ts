import { createHash } from "node:crypto";
import type { Sqlite } from "../../db/sqlite";

/**
 * A cheap hash of what a location's assignment is built from (its assigned
 * rows' own settings and their proxies' and targets' whole rows, none of
 * which a probe result changes), so that a held assignment request can look
 * every second without opening secrets and reading CA files each time.
 */
export function assignmentSignature(sqlite: Sqlite, locationId: number): string {
  const rows = sqlite
    .prepare(
      `SELECT r.id, r.enabled, r.intervalSeconds, p.*, t.* FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId
        WHERE r.locationId = ? AND r.assigned = 1 ORDER BY r.id`,
    )
    .raw()
    .all(locationId);
  return createHash("sha256").update(JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))).digest("hex");
}
