import type { Db } from "../db/client";
import { hashAgentToken, newAgentToken } from "./agent-token";
import { assertLocationNameFree, rethrowUniqueLocationName } from "./assert-location-name-free";
import { CreateLocationInput } from "./location-schemas";

/**
 * A probe agent's location, with its token: the answer is the only place the
 * token ever appears (the database keeps its hash). Every pair whose lists
 * allow every location is probed there once the caller reloads the routes.
 */
export async function createLocation(db: Db, input: unknown): Promise<{ id: number; name: string; region: string | null; token: string }> {
  const { name, region } = CreateLocationInput.parse(input);
  await assertLocationNameFree(db, name, null);
  const token = newAgentToken();
  try {
    const location = await db.location.create({
      data: { name, region: region ?? null, kind: "agent", source: "api", tokenHash: hashAgentToken(token), tokenCreatedAt: new Date() },
    });
    return { id: location.id, name: location.name, region: location.region, token };
  } catch (error) {
    rethrowUniqueLocationName(error, name);
  }
}
