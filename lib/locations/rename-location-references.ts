import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * Targets, proxies and routes name their locations (JSON arrays of names):
 * a renamed location keeps its place in every list that named it. A few
 * set-based statements, each touching only the rows whose list holds the old name.
 */
export async function renameLocationReferences(tx: Tx, from: string, to: string): Promise<void> {
  if (from === to) return;
  await tx.$executeRaw`UPDATE "Target" SET "locations" = (SELECT json_group_array(CASE WHEN "value" = ${from} THEN ${to} ELSE "value" END) FROM json_each("Target"."locations"))
    WHERE "locations" IS NOT NULL AND EXISTS (SELECT 1 FROM json_each("Target"."locations") WHERE "value" = ${from})`;
  await tx.$executeRaw`UPDATE "Proxy" SET "locations" = (SELECT json_group_array(CASE WHEN "value" = ${from} THEN ${to} ELSE "value" END) FROM json_each("Proxy"."locations"))
    WHERE "locations" IS NOT NULL AND EXISTS (SELECT 1 FROM json_each("Proxy"."locations") WHERE "value" = ${from})`;
  await tx.$executeRaw`UPDATE "RoutePlacement" SET "locations" = (SELECT json_group_array(CASE WHEN "value" = ${from} THEN ${to} ELSE "value" END) FROM json_each("RoutePlacement"."locations"))
    WHERE EXISTS (SELECT 1 FROM json_each("RoutePlacement"."locations") WHERE "value" = ${from})`;
}
