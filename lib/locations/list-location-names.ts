import type { Db } from "../db/client";

/** The names a target's, proxy's or route's list may hold: every location not revoked, the hub's first. */
export async function listLocationNames(db: Pick<Db, "location">): Promise<string[]> {
  return (await db.location.findMany({ where: { revokedAt: null }, select: { name: true }, orderBy: { id: "asc" } })).map((location) => location.name);
}
