import type { SyncReport } from "./sync-config";

/** "1 proxy", "0 targets": English plurals for the log's sentences. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * The start's configuration line, as a sentence: where the configuration
 * comes from, what it holds, and what was removed (only when something was).
 */
export function configurationSentence(file: string | null, sync: SyncReport): string {
  const origin = file ?? "built-in defaults (no proxypulse.yaml)";
  const removed = sync.removed.length ? ` Removed because the file no longer lists them: ${sync.removed.join(", ")}.` : "";
  const revoked = sync.revokedLocations.length ? ` Revoked because the file no longer lists them (history kept): location ${sync.revokedLocations.join(", location ")}.` : "";
  return `Configuration: ${origin}: ${countOf(sync.targets, "target")}, ${countOf(sync.proxies, "proxy", "proxies")}.${removed}${revoked}`;
}

/** A route's state change, naming the route as "proxy/target" (the form maintenance windows use), and where it was probed when not at the hub. */
export function stateChangeSentence(
  change: { routeId: number; fromState: string; toState: string; kind?: string | null },
  route: { proxyName: string; targetName: string; locationName?: string | null } | undefined,
): string {
  const name = route ? `${route.proxyName}/${route.targetName}${route.locationName ? ` at ${route.locationName}` : ""}` : `#${change.routeId}`;
  return `route ${name}: ${change.fromState} → ${change.toState}${change.kind ? ` (${change.kind})` : ""}`;
}

/** How much of the probing this process does, after a change (processes on one database hold the routes' shards: lib/scheduler/shard-leases.ts). */
export function shareSentence(probing: number, shards: number): string {
  if (probing === shards) return "this process runs the scheduler: it probes every route";
  if (probing === 0) return "other processes on this database probe every route; this one stands by";
  return `this process runs the scheduler for ${probing} of ${shards} shards of the routes; other processes on this database probe the rest`;
}
