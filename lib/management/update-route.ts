import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";
import { storedLocationList } from "../locations/location-list";
import { UpdateRouteInput } from "./management-schemas";

/**
 * Pauses or resumes a route, or sets its own interval or latency threshold
 * (null: back to the target's), or where its pair is probed from (a
 * RoutePlacement; null removes it, back to the target's and proxy's lists).
 */
export async function updateRoute(db: Db, id: number, input: unknown): Promise<void> {
  const { locations, ...changes } = UpdateRouteInput.parse(input);
  const placement = await storedLocationList(db, locations);
  const data: { enabled?: boolean; intervalSeconds?: number | null; slowAboveMs?: number | null; slowWindow?: number | null } = {};
  if (changes.enabled !== undefined) data.enabled = changes.enabled;
  if (changes.intervalSeconds !== undefined) data.intervalSeconds = changes.intervalSeconds;
  if (changes.latencyThresholdMs !== undefined) data.slowAboveMs = changes.latencyThresholdMs;
  if (changes.latencyWindow !== undefined) data.slowWindow = changes.latencyWindow;
  await db.$transaction(async (tx) => {
    const route = await tx.route.findUnique({ where: { id }, select: { proxyId: true, targetId: true } });
    if (!route) throw new NotFoundError("Route");
    if (Object.keys(data).length) await tx.route.update({ where: { id }, data });
    const pair = { proxyId: route.proxyId, targetId: route.targetId };
    if (placement === null) await tx.routePlacement.deleteMany({ where: pair });
    else if (placement !== undefined) await tx.routePlacement.upsert({ where: { proxyId_targetId: pair }, create: { ...pair, locations: placement }, update: { locations: placement } });
  });
}
