import type { Db } from "../db/client";
import { ValidationError } from "../http/app-error";
import { listLocationNames } from "./list-location-names";
import { unknownLocationProblem } from "./location-name";

/**
 * A `locations` list from the API as stored (JSON), after checking that it
 * names only existing, unrevoked locations (the message names them).
 * undefined: unchanged; null: every location (a route: its target's and proxy's).
 */
export async function storedLocationList(db: Pick<Db, "location">, names: string[] | null | undefined): Promise<string | null | undefined> {
  if (names === undefined || names === null) return names;
  const known = await listLocationNames(db);
  const problem = unknownLocationProblem(names, known);
  if (problem) throw new ValidationError(problem.message, [{ path: `locations.${problem.index}`, message: problem.message }]);
  return JSON.stringify(names);
}

/** A stored list as the API shows it (null: every location). */
export function readLocationList(stored: string | null): string[] | null {
  return stored === null ? null : (JSON.parse(stored) as string[]);
}
