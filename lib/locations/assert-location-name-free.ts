import type { Prisma } from "../generated/prisma/client";
import { ConflictError, ValidationError } from "../http/app-error";
import { DEFAULT_HUB_LOCATION_NAME, HUB_LOCATION_ID, locationKey } from "./location-name";

type Tx = Pick<Prisma.TransactionClient, "location">;

/** Location names are unique ignoring case ("HK" beside "hk" reads as one place); revoked locations keep theirs. */
export async function assertLocationNameFree(tx: Tx, name: string, exceptId: number | null): Promise<void> {
  // proxypulse.yaml's lists call the hub "local" when the file does not name it: an agent's location by that name could not be listed.
  if (exceptId !== HUB_LOCATION_ID && locationKey(name) === DEFAULT_HUB_LOCATION_NAME) {
    const message = `"${name}" is kept for the hub's own location (proxypulse.yaml's lists call the hub "${DEFAULT_HUB_LOCATION_NAME}" when the file does not name it): give this location another name.`;
    throw new ValidationError(message, [{ path: "name", message }]);
  }
  const clash = (await tx.location.findMany({ select: { id: true, name: true, revokedAt: true } })).find((other) => other.id !== exceptId && locationKey(other.name) === locationKey(name));
  if (!clash) return;
  const how = clash.name === name ? "" : " (names are compared ignoring case)";
  const revoked = clash.revokedAt ? ": it is revoked, and keeps its name with its history; give it a new token to use it again" : "";
  const message = `A location named "${clash.name}" already exists${how}${revoked}.`;
  throw new ConflictError(message, [{ path: "name", message }]);
}

/** Prisma's unique-constraint failure on a location's name (a race with another request), as the same 409. */
export function rethrowUniqueLocationName(error: unknown, name: string): never {
  if (error && typeof error === "object" && "code" in error && error.code === "P2002") {
    const message = `A location named "${name}" already exists.`;
    throw new ConflictError(message, [{ path: "name", message }]);
  }
  throw error;
}
