import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";
import { presentLocation, type PresentedLocation } from "./present-location";

/** Every location, the hub's first, with the number of routes each probes now. */
export async function listLocations(db: Db): Promise<PresentedLocation[]> {
  const [locations, counts] = await Promise.all([
    db.location.findMany({ orderBy: { id: "asc" } }),
    db.route.groupBy({ by: ["locationId"], where: { assigned: true }, _count: { _all: true } }),
  ]);
  const routes = new Map(counts.map((count) => [count.locationId, count._count._all]));
  return locations.map((location) => presentLocation(location, routes.get(location.id) ?? 0));
}

export async function getLocationOrThrow(db: Db, id: number): Promise<PresentedLocation> {
  const location = await db.location.findUnique({ where: { id } });
  if (!location) throw new NotFoundError("Location");
  return presentLocation(location, await db.route.count({ where: { locationId: id, assigned: true } }));
}
