import type { Db } from "../db/client";
import type { StoreEngine } from "../db/store/store";
import { ForbiddenError, NotFoundError } from "../http/app-error";
import { assertLocationNameFree, rethrowUniqueLocationName } from "./assert-location-name-free";
import { UpdateLocationInput } from "./location-schemas";
import { renameLocationReferences } from "./rename-location-references";

/**
 * Renames a location or changes its region; the hub's own too (unless the
 * file names it). Lists naming it (targets, proxies, routes) follow the new name.
 */
export async function updateLocation(db: Db, engine: StoreEngine, id: number, input: unknown): Promise<void> {
  const changes = UpdateLocationInput.parse(input);
  await db.$transaction(async (tx) => {
    const existing = await tx.location.findUnique({ where: { id } });
    if (!existing) throw new NotFoundError("Location");
    if (existing.source === "file") {
      throw new ForbiddenError("managed_by_file", `The location "${existing.name}" is managed by proxypulse.yaml: change its name and region in the file.`);
    }
    if (changes.name !== undefined) {
      await assertLocationNameFree(tx, changes.name, id);
      await renameLocationReferences(tx, existing.name, changes.name, engine);
    }
    try {
      await tx.location.update({ where: { id }, data: { ...(changes.name !== undefined && { name: changes.name }), ...(changes.region !== undefined && { region: changes.region }) } });
    } catch (error) {
      rethrowUniqueLocationName(error, changes.name ?? existing.name);
    }
  });
}
