import { readEnv } from "../env";
import { startMonitorService, type MonitorService } from "./monitor-service";

// Kept on globalThis: Next bundles instrumentation and each route handler
// separately, and all of them must share one service per process.
const holder = globalThis as unknown as { proxypulseMonitor?: Promise<MonitorService> };

/** The process's monitor service, started on first use. */
export function getMonitorService(): Promise<MonitorService> {
  holder.proxypulseMonitor ??= startMonitorService({ runScheduler: readEnv().PROXYPULSE_SCHEDULER === "on" });
  return holder.proxypulseMonitor;
}

/** Stops the service if it was started (on SIGTERM). */
export async function stopMonitorService(graceMs?: number): Promise<void> {
  const pending = holder.proxypulseMonitor;
  if (!pending) return;
  const service = await pending.catch(() => null);
  await service?.stop(graceMs);
}
