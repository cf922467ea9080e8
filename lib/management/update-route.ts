import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";
import { UpdateRouteInput } from "./management-schemas";

/** Pauses or resumes a route, or sets its own interval or latency threshold (null: back to the target's). */
export async function updateRoute(db: Db, id: number, input: unknown): Promise<void> {
  const changes = UpdateRouteInput.parse(input);
  const data: { enabled?: boolean; intervalSeconds?: number | null; slowAboveMs?: number | null; slowWindow?: number | null } = {};
  if (changes.enabled !== undefined) data.enabled = changes.enabled;
  if (changes.intervalSeconds !== undefined) data.intervalSeconds = changes.intervalSeconds;
  if (changes.latencyThresholdMs !== undefined) data.slowAboveMs = changes.latencyThresholdMs;
  if (changes.latencyWindow !== undefined) data.slowWindow = changes.latencyWindow;
  const { count } = await db.route.updateMany({ where: { id }, data });
  if (count === 0) throw new NotFoundError("Route");
}
