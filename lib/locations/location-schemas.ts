import * as z from "zod";
import { LocationName, LocationNameList, LocationRegion } from "./location-name";

/** POST /api/locations: a probe agent's location (its token is made with it and shown once). */
export const CreateLocationInput = z.object({ name: LocationName, region: LocationRegion.nullable().optional() }).strict();
export type CreateLocationInput = z.infer<typeof CreateLocationInput>;

/** PATCH /api/locations/:id: rename, or change or clear (null) the region. */
export const UpdateLocationInput = z
  .object({ name: LocationName.optional(), region: LocationRegion.nullable().optional() })
  .strict()
  .refine((input) => input.name !== undefined || input.region !== undefined, { message: "give name or region (or both)" });
export type UpdateLocationInput = z.infer<typeof UpdateLocationInput>;

/** `locations` on a target, proxy or route in the API: names of locations, or null for every location (a route: its target's and proxy's). */
export const LocationListField = LocationNameList.nullable();
