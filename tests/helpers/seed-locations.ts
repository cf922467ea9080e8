import type { Store } from "@/lib/db/store/store";
import { readValue, runSql, sqlTime } from "./read-rows";

/**
 * Locations and route rows at them straight into the tables, as the hub's
 * sync would make them (for tests of what is shown and announced, which do
 * not depend on how the rows came to be), on either engine.
 */
export async function addLocation(store: Store, name: string, region: string | null = null, online = true): Promise<number> {
  const now = sqlTime(Date.now());
  return readValue<number>(
    store,
    `INSERT INTO "Location" (name, region, kind, source, online, "createdAt", "updatedAt") VALUES (?, ?, 'agent', 'api', ?, ?, ?) RETURNING id`,
    [name, region, online, now, now],
  );
}

/** An agent's location heard from, or gone silent (as the hub's presence timer marks it). */
export async function setOnline(store: Store, locationId: number, online: boolean): Promise<void> {
  await runSql(store, `UPDATE "Location" SET online = ? WHERE id = ?`, [online, locationId]);
}

/** Renames the hub's own location (id 1). */
export async function nameHub(store: Store, name: string, region: string | null = null): Promise<void> {
  await runSql(store, `UPDATE "Location" SET name = ?, region = ? WHERE id = 1`, [name, region]);
}

/** The pair's row at a location (assigned), made from its row at the hub; returns its id. */
export async function addLocationRow(store: Store, pairId: number, locationId: number): Promise<number> {
  return readValue<number>(
    store,
    `INSERT INTO "Route" ("proxyId", "targetId", enabled, state, "okStreak", "failStreak", "createdAt", "locationId", assigned)
     SELECT "proxyId", "targetId", ?, 'unknown', 0, 0, ?, ?, ? FROM "Route" WHERE id = ? RETURNING id`,
    [true, sqlTime(Date.now()), locationId, true, pairId],
  );
}
