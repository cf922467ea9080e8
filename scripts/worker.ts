// npm run worker: the scheduler in its own process (run the web server with
// PROXYPULSE_SCHEDULER=off beside it, or not: processes on one database share
// the routes by shard leases, and no route is probed by two).
import { log } from "../lib/log";
import { exitOnStartupFailure } from "../lib/monitoring/exit-on-startup-failure";
import { startMonitorService } from "../lib/monitoring/monitor-service";

try {
  const service = await startMonitorService({ runScheduler: true });
  const shutdown = (signal: NodeJS.Signals) => {
    log.info(`${signal}: stopping (waiting for probes in flight)`);
    service
      .stop(10_000)
      .catch((error: unknown) => log.error("shutdown failed", { error: String(error) }))
      .finally(() => process.exit(0));
  };
  // Before saying "started": a supervisor may signal as soon as it reads that line.
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  log.info(`worker started: ${service.catalog.list().length} route(s)`);
} catch (error) {
  exitOnStartupFailure(error);
}
