import * as z from "zod";

/** The hub's own location (id 1): the name it has until renamed in the file or the dashboard. */
export const HUB_LOCATION_ID = 1;
export const DEFAULT_HUB_LOCATION_NAME = "local";

const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A location's name, the same in proxypulse.yaml and the API. Kept to plain
 * ASCII because it is typed on an agent's command line, read in Prometheus
 * labels and compared in lists of names: no spaces, no look-alikes.
 */
export const LocationName = z
  .string({ error: "A location name must be text" })
  .trim()
  .min(1, { message: "A location name is required", abort: true })
  .max(64, { message: "A location name is at most 64 characters", abort: true })
  .regex(NAME_RULE, "A location name holds only letters a–z, A–Z, digits, '-', '_' and '.', and starts with a letter or digit (e.g. hk-vps)");

/** A region shown beside a location's name (free text, one line). */
export const LocationRegion = z
  .string({ error: "A region must be text" })
  .trim()
  .min(1, { message: "A region is empty: leave it out instead", abort: true })
  .max(100, { message: "A region is at most 100 characters", abort: true })
  .refine((region) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(region), "A region cannot contain line breaks, control or invisible formatting characters");

/**
 * Where a target's, proxy's or route's probes run: the names of locations,
 * each once. Absent (or null in the API): every location.
 */
export const LocationNameList = z
  .array(LocationName, { error: "locations must be a list of location names, e.g. [local, hk-vps]" })
  .min(1, { message: "locations is empty: leave it out to probe from every location", abort: true })
  .max(100, { message: "locations names at most 100 locations", abort: true })
  .superRefine((names, ctx) => {
    const seen = new Set<string>();
    names.forEach((name, index) => {
      if (seen.has(locationKey(name))) ctx.addIssue({ code: "custom", path: [index], message: `location "${name}" is listed twice` });
      seen.add(locationKey(name));
    });
  });

/** What two location names are compared by for uniqueness: "HK" and "hk" are one name. */
export function locationKey(name: string): string {
  return name.toLowerCase();
}

/** The problem with a list naming locations that do not exist, or null; the message names the known ones. */
export function unknownLocationProblem(names: readonly string[], known: readonly string[]): { index: number; message: string } | null {
  const exact = new Set(known);
  const index = names.findIndex((name) => !exact.has(name));
  if (index < 0) return null;
  const name = names[index]!;
  const spelled = known.find((other) => locationKey(other) === locationKey(name));
  const hint = spelled ? ` (did you mean "${spelled}"? names are written as the location has it)` : "";
  return { index, message: `unknown location "${name}"${hint}; the locations are: ${known.join(", ")}` };
}
