/** Who switched a route off, in the order the dashboard names them. */
export type PauseCause = "route" | "proxy" | "proxy_file" | "target" | "target_file";

export interface PauseFlags {
  routeEnabled: boolean;
  proxyEnabled: boolean;
  proxyPausedInFile: boolean;
  targetEnabled: boolean;
  targetPausedInFile: boolean;
}

/**
 * Why a route is paused (empty when it is not). A route is probed on
 * schedule only when it, its proxy and its target are all enabled; the
 * file's `enabled: false` is its own cause, which the dashboard cannot lift.
 */
export function pauseCauses(flags: PauseFlags): PauseCause[] {
  const causes: PauseCause[] = [];
  if (!flags.routeEnabled) causes.push("route");
  if (flags.proxyPausedInFile) causes.push("proxy_file");
  if (!flags.proxyEnabled) causes.push("proxy");
  if (flags.targetPausedInFile) causes.push("target_file");
  if (!flags.targetEnabled) causes.push("target");
  return causes;
}

/** The same rule as pauseCauses, in SQL, over r (Route), p (Proxy) and t (Target). */
export const ROUTE_ACTIVE_SQL = `(r.enabled = 1 AND p.enabled = 1 AND p.pausedInFile = 0 AND t.enabled = 1 AND t.pausedInFile = 0)`;
