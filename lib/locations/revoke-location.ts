import type { Db } from "../db/client";
import { NotFoundError, ValidationError } from "../http/app-error";
import { HUB_LOCATION_ID } from "./location-name";

/**
 * Revokes an agent's location: its token is refused from the next request
 * on, and (once the caller reloads the routes) its rows are no longer
 * assigned. Nothing is deleted: its results, incidents and events stay.
 */
export async function revokeLocation(db: Db, id: number): Promise<void> {
  if (id === HUB_LOCATION_ID) throw new ValidationError("The hub's own location cannot be revoked: pause its routes, or place them elsewhere, instead.");
  const existing = await db.location.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError("Location");
  await db.location.update({ where: { id }, data: { tokenHash: null, revokedAt: existing.revokedAt ?? new Date(), online: false } });
}
