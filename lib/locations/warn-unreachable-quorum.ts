import type { Sqlite } from "../db/sqlite";
import { log } from "../log";

/**
 * `minLocations` above the number of locations there are is not an error
 * (the quorum is capped at a pair's own locations: a route is then down only
 * when all of them say so), but it is rarely what was meant: say so at start.
 */
export function warnUnreachableQuorum(sqlite: Sqlite, minLocations: number | undefined): void {
  if (minLocations === undefined) return;
  const names = sqlite.prepare(`SELECT name FROM "Location" WHERE revokedAt IS NULL ORDER BY id <> 1, name`).pluck().all() as string[];
  if (minLocations <= names.length) return;
  log.warn(
    `minLocations is ${minLocations} but there ${names.length === 1 ? "is 1 location" : `are ${names.length} locations`} (${names.join(", ")}): ` +
      `a route is announced down only when every location probing it says so`,
  );
}
