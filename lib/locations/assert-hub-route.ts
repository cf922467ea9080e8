import type { Store } from "../db/store/store";
import { ValidationError } from "../http/app-error";
import { HUB_LOCATION_ID } from "./location-name";

/**
 * "Probe now" runs on the hub, so it probes the hub's own rows only: a row
 * at an agent's location is its agent's to probe (a probe from here would be
 * stored as that location's). The message names the pair's id, which probes
 * it from the hub.
 */
export async function assertHubRoute(store: Store, routeId: number): Promise<void> {
  const row = await store.routes.placeOf(routeId);
  if (!row || row.locationId === HUB_LOCATION_ID) return;
  const pair = row.hubRouteId === null ? "" : ` To probe the pair from the hub, probe route ${row.hubRouteId}.`;
  throw new ValidationError(`Route ${routeId} is probed at location "${row.location}" by its agent; "probe now" probes from the hub only.${pair}`);
}
