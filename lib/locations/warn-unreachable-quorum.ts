import type { Db } from "../db/client";
import { log } from "../log";

/**
 * `minLocations` above the number of locations there are is not an error
 * (the quorum is capped at a pair's own locations: a route is then down only
 * when all of them say so), but it is rarely what was meant: say so at start.
 */
export async function warnUnreachableQuorum(prisma: Db, minLocations: number | undefined): Promise<void> {
  if (minLocations === undefined) return;
  const rows = await prisma.location.findMany({ where: { revokedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  // The hub (id 1) first, then the others by name.
  const names = [...rows.filter((row) => row.id === 1), ...rows.filter((row) => row.id !== 1)].map((row) => row.name);
  if (minLocations <= names.length) return;
  log.warn(
    `minLocations is ${minLocations} but there ${names.length === 1 ? "is 1 location" : `are ${names.length} locations`} (${names.join(", ")}): ` +
      `a route is announced down only when every location probing it says so`,
  );
}
