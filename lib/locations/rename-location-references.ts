import type { StoreEngine } from "../db/store/store";
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

/**
 * Targets, proxies and routes name their locations (JSON arrays of names):
 * a renamed location keeps its place in every list that named it. A few
 * set-based statements, each touching only the rows whose list holds the old name.
 */
export async function renameLocationReferences(tx: Tx, from: string, to: string, engine: StoreEngine): Promise<void> {
  if (from === to) return;
  if (engine === "postgresql") {
    // The same on PostgreSQL: its JSON functions (a list keeps its order through json_agg).
    for (const table of ["Target", "Proxy", "RoutePlacement"] as const) {
      await tx.$executeRawUnsafe(
        `UPDATE "${table}" SET "locations" = (SELECT json_agg(CASE WHEN v = $1 THEN $2 ELSE v END)::text FROM json_array_elements_text("${table}"."locations"::json) AS v)
          WHERE "locations" IS NOT NULL AND EXISTS (SELECT 1 FROM json_array_elements_text("${table}"."locations"::json) AS v WHERE v = $1)`,
        from,
        to,
      );
    }
    return;
  }
  await tx.$executeRaw`UPDATE "Target" SET "locations" = (SELECT json_group_array(CASE WHEN "value" = ${from} THEN ${to} ELSE "value" END) FROM json_each("Target"."locations"))
    WHERE "locations" IS NOT NULL AND EXISTS (SELECT 1 FROM json_each("Target"."locations") WHERE "value" = ${from})`;
  await tx.$executeRaw`UPDATE "Proxy" SET "locations" = (SELECT json_group_array(CASE WHEN "value" = ${from} THEN ${to} ELSE "value" END) FROM json_each("Proxy"."locations"))
    WHERE "locations" IS NOT NULL AND EXISTS (SELECT 1 FROM json_each("Proxy"."locations") WHERE "value" = ${from})`;
  await tx.$executeRaw`UPDATE "RoutePlacement" SET "locations" = (SELECT json_group_array(CASE WHEN "value" = ${from} THEN ${to} ELSE "value" END) FROM json_each("RoutePlacement"."locations"))
    WHERE EXISTS (SELECT 1 FROM json_each("RoutePlacement"."locations") WHERE "value" = ${from})`;
}
