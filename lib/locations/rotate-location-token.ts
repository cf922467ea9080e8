import type { Db } from "../db/client";
import { NotFoundError, ValidationError } from "../http/app-error";
import { hashAgentToken, newAgentToken } from "./agent-token";
import { HUB_LOCATION_ID } from "./location-name";

/**
 * A new token for an agent's location, shown once: the old one is refused
 * from the next request on (tokens are looked up on every request). A
 * revoked location is in use again with it.
 */
export async function rotateLocationToken(db: Db, id: number): Promise<{ id: number; name: string; region: string | null; token: string }> {
  if (id === HUB_LOCATION_ID) throw new ValidationError("The hub's own location needs no token: it probes from this server.");
  const existing = await db.location.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError("Location");
  const token = newAgentToken();
  const location = await db.location.update({ where: { id }, data: { tokenHash: hashAgentToken(token), tokenCreatedAt: new Date(), revokedAt: null } });
  return { id: location.id, name: location.name, region: location.region, token };
}
