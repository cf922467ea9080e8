import { log } from "../log";
import { checkCapacity, describeCapacity } from "../scheduler/check-capacity";
import type { RuntimeRoute } from "./route-catalog";

/** Logs a warning when the enabled routes cannot all be probed on time if probes hang. */
export function warnIfOverCapacity(routes: RuntimeRoute[], concurrency: number): void {
  const report = checkCapacity(
    routes.filter((route) => route.enabled && !route.manualOnly),
    concurrency,
  );
  if (report) log.warn(describeCapacity(report));
}
