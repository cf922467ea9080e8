import { createHash } from "node:crypto";
import type { Db } from "../../db/client";

/**
 * A cheap hash of what a location's assignment is built from (its assigned
 * rows' own settings and their proxies' and targets' whole rows, none of
 * which a probe result changes), so that a held assignment request can look
 * every second without opening secrets and reading CA files each time.
 */
export async function assignmentSignature(prisma: Db, locationId: number): Promise<string> {
  const rows = await prisma.route.findMany({
    where: { locationId, assigned: true },
    orderBy: { id: "asc" },
    select: { id: true, enabled: true, intervalSeconds: true, proxy: true, target: true },
  });
  return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
}
