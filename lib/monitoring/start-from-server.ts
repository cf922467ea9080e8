import { ConfigError } from "../config/load-config";
import { log } from "../log";
import { getMonitorService, stopMonitorService } from "./monitor-instance";

/**
 * Starts monitoring inside the web server. A bad configuration stops the
 * server at once with the file, the place and the problem. On SIGTERM/SIGINT
 * (Next's own handler is off: NEXT_MANUAL_SIG_HANDLE) probes in flight finish
 * and are stored before the process exits.
 */
export async function startFromServer(): Promise<void> {
  try {
    await getMonitorService();
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error(error.message);
      process.exit(1);
    }
    throw error;
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
