import type { Db } from "./client";
import type { StoreEngine } from "./store/store";

/**
 * Which engine a Prisma client talks to, for the few configuration
 * statements that Prisma's query API cannot express and whose SQL differs
 * per engine (JSON lists of location names). Prisma keeps it on the client
 * as `_activeProvider` (set from the schema's provider when the client was
 * generated): read here only.
 */
export function prismaEngine(prisma: Db): StoreEngine {
  return (prisma as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}
