import { log } from "../log";
import { exitOnStartupFailure } from "./exit-on-startup-failure";
import { getMonitorService, stopMonitorService } from "./monitor-instance";

/**
 * Starts monitoring inside the web server. A start that cannot work (bad
 * configuration, an unwritable database, a missing or wrong secret key)
 * stops the server at once with one clear message and exit code 1. On
 * SIGTERM/SIGINT (Next's own handler is off: NEXT_MANUAL_SIG_HANDLE) probes
 * in flight finish and are stored before the process exits.
 */
export async function startFromServer(): Promise<void> {
  try {
    await getMonitorService();
  } catch (error) {
    exitOnStartupFailure(error);
  }
  const shutdown = (signal: NodeJS.Signals) => {
    log.info(`${signal}: stopping (waiting for probes in flight)`);
    stopMonitorService(10_000)
      .catch((error: unknown) => log.error("shutdown failed", { error: String(error) }))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
