import type { Location } from "../generated/prisma/client";

/** A location as the API shows it: never its token's hash, only when the token was made. */
export function presentLocation(location: Location, routes: number) {
  return {
    id: location.id,
    name: location.name,
    region: location.region,
    kind: location.kind,
    source: location.source,
    /** The file's locations are renamed in the file (the hub's too, when the file names it). */
    readOnly: location.source === "file",
    online: location.kind === "local" ? true : location.online,
    lastSeenAt: location.lastSeenAt?.toISOString() ?? null,
    version: location.agentVersion,
    spooled: location.spooled,
    revoked: location.revokedAt !== null,
    revokedAt: location.revokedAt?.toISOString() ?? null,
    hasToken: location.tokenHash !== null,
    tokenCreatedAt: location.tokenCreatedAt?.toISOString() ?? null,
    /** Rows its location probes now. */
    routes,
    createdAt: location.createdAt.toISOString(),
  };
}

export type PresentedLocation = ReturnType<typeof presentLocation>;
