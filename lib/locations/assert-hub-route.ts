import type { Sqlite } from "../db/sqlite";
import { ValidationError } from "../http/app-error";
import { HUB_LOCATION_ID } from "./location-name";

/**
 * "Probe now" runs on the hub, so it probes the hub's own rows only: a row
 * at an agent's location is its agent's to probe (a probe from here would be
 * stored as that location's). The message names the pair's id, which probes
 * it from the hub.
 */
export function assertHubRoute(sqlite: Sqlite, routeId: number): void {
  const row = sqlite
    .prepare(
      `SELECT r."locationId" AS "locationId", l."name" AS "location", hub."id" AS "hubRouteId"
       FROM "Route" r JOIN "Location" l ON l."id" = r."locationId"
       LEFT JOIN "Route" hub ON hub."proxyId" = r."proxyId" AND hub."targetId" = r."targetId" AND hub."locationId" = ${HUB_LOCATION_ID}
       WHERE r."id" = ?`,
    )
    .get(routeId) as { locationId: number; location: string; hubRouteId: number | null } | undefined;
  if (!row || row.locationId === HUB_LOCATION_ID) return;
  const pair = row.hubRouteId === null ? "" : ` To probe the pair from the hub, probe route ${row.hubRouteId}.`;
  throw new ValidationError(`Route ${routeId} is probed at location "${row.location}" by its agent; "probe now" probes from the hub only.${pair}`);
}
